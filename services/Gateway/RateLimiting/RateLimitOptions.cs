using System.ComponentModel.DataAnnotations;

namespace Connectors.Gateway.RateLimiting;

/// <summary>
/// How many requests the gateway lets through (config section <c>Gateway:RateLimit</c>): a token bucket per
/// project for authenticated callers, one per client address for everyone else. Over the limit: 429.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimit";

    /// <summary>Requests per second a project (API key or dashboard session) may make on average.</summary>
    [Range(1, 100_000, ErrorMessage = "The setting Gateway:RateLimit:PermitsPerSecond must be between 1 and 100000.")]
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>How many requests a project may make at once after a quiet moment.</summary>
    [Range(1, 100_000, ErrorMessage = "The setting Gateway:RateLimit:Burst must be between 1 and 100000.")]
    public int Burst { get; set; } = 40;

    /// <summary>
    /// Requests per second from one client address without valid credentials (sign-in attempts, wrong keys).
    /// The OAuth callback has a bucket of the same size of its own per address.
    /// </summary>
    [Range(1, 100_000,
        ErrorMessage = "The setting Gateway:RateLimit:AnonymousPermitsPerSecond must be between 1 and 100000.")]
    public int AnonymousPermitsPerSecond { get; set; } = 5;

    /// <summary>How many unauthenticated requests one client address may make at once.</summary>
    [Range(1, 100_000, ErrorMessage = "The setting Gateway:RateLimit:AnonymousBurst must be between 1 and 100000.")]
    public int AnonymousBurst { get; set; } = 20;
}
