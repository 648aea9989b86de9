using System.ComponentModel.DataAnnotations;

namespace Connectors.OAuth.Options;

/// <summary>How the OAuth flows behave (config section <c>OAuth</c>).</summary>
public sealed class OAuthOptions
{
    public const string SectionName = "OAuth";

    /// <summary>How long a started authorization may take before its state is refused (default 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An access token closer to its expiry than this is refreshed before it is handed out (default 5 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one call to a platform may take before it counts as a transient failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan PlatformTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
