using System.ComponentModel.DataAnnotations;

namespace Connectors.Workers;

/// <summary>How this worker instance consumes sync requests (config section <c>Workers</c>).</summary>
public sealed class WorkersOptions
{
    public const string SectionName = "Workers";

    /// <summary>
    /// The connector types this instance serves, each on its own queue <c>sync-{type}</c>; empty means every
    /// implemented platform. Deploy one instance per type to scale platforms apart.
    /// </summary>
    public List<string> Platforms { get; set; } = [];

    /// <summary>How many sync requests RabbitMQ hands each platform's queue consumer ahead of time.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 4;

    /// <summary>How many syncs of one platform this instance runs at once.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 2;

    /// <summary>
    /// The longest wait for a platform's rate limit that a sync sits out in place; a longer one (a daily quota)
    /// ends the sync as <c>Quota</c> failed, naming when the quota resets.
    /// </summary>
    public TimeSpan MaxInlineRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts of one platform call (the first included) before a rate limit or 5xx fails the sync.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The base of the exponential backoff with full jitter, used when a platform gives no delay.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of that backoff.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);
}
