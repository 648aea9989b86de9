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

    /// <summary>
    /// Meta date ranges longer than this many days are read through an asynchronous report run rather than the
    /// synchronous insights call, which times out on large accounts.
    /// </summary>
    [Range(1, 3650)]
    public int MetaAsyncThresholdDays { get; set; } = 31;

    /// <summary>The wait between two polls of a Meta report run.</summary>
    public TimeSpan MetaReportPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Polls of one Meta report run before the sync gives up on it as <c>Transient</c>.</summary>
    [Range(1, 10_000)]
    public int MetaReportMaxPolls { get; set; } = 360;

    /// <summary>
    /// How long one unit of Meta's <c>estimated_time_to_regain_access</c> lasts: a minute at Meta (tests shorten it).
    /// </summary>
    public TimeSpan MetaRegainAccessUnit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Days per LinkedIn analytics request; the API does not page, so the window is cut into slices.</summary>
    [Range(1, 366)]
    public int LinkedInSliceDays { get; set; } = 7;

    /// <summary>
    /// The element count at which LinkedIn silently truncates an analytics answer (15,000); an answer that reaches
    /// it is read again in slices half as long.
    /// </summary>
    [Range(1, 15_000)]
    public int LinkedInElementCap { get; set; } = 15_000;

    /// <summary>
    /// How long a worker's hold on a connector's sync lasts without renewal. A running sync renews it every third of
    /// this; when a worker dies, another takes the sync over once it has expired, as a new attempt.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The wait before the second attempt of a sync that failed on a passing fault (the platform unavailable after
    /// every in-place retry); each further attempt without progress waits twice as long.
    /// </summary>
    public TimeSpan AttemptBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The cap of that wait.</summary>
    public TimeSpan AttemptBackoffMax { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Attempts in a row that may fail without progress before the sync fails for good. An attempt that landed new
    /// or changed rows, or finished a stream, starts the count again.
    /// </summary>
    [Range(1, 50)]
    public int MaxAttemptsWithoutProgress { get; set; } = 4;

    /// <summary>Attempts at one sync in all, progress or not, after which it fails for good.</summary>
    [Range(1, 1000)]
    public int MaxSyncAttempts { get; set; } = 20;

    /// <summary>The wait after a QuickBooks 429, which names no delay (Intuit asks for 60 seconds).</summary>
    public TimeSpan QuickBooksThrottleDelay { get; set; } = TimeSpan.FromSeconds(60);
}
