using System.ComponentModel.DataAnnotations;

namespace Connectors.ConnectorRegistry.Extensions;

/// <summary>Where the registry finds the other services of the product (config section <c>Services</c>).</summary>
public sealed class ServicesOptions
{
    public const string SectionName = "Services";

    /// <summary>Internal base URL of the OAuth service, which stores and revokes credentials.</summary>
    [Required(ErrorMessage = "The setting Services:OAuth (the OAuth service's internal base URL) is missing.")]
    public Uri? OAuth { get; set; }

    /// <summary>How long a call to the OAuth service may take, in seconds (a live key check is included).</summary>
    [Range(1, 300, ErrorMessage = "The setting Services:TimeoutSeconds must be between 1 and 300.")]
    public int TimeoutSeconds { get; set; } = 20;
}

/// <summary>The gateway's public address, read from the root setting <c>PublicBaseUrl</c>.</summary>
public sealed class PublicUrlOptions
{
    public const string Key = "PublicBaseUrl";

    /// <summary>
    /// The URL users reach the gateway at (e.g. <c>http://127.0.0.1:5080</c>); authorize links are built on it,
    /// never on an internal host.
    /// </summary>
    [Required(ErrorMessage = "The setting PublicBaseUrl (the gateway's public URL) is missing.")]
    public Uri? PublicBaseUrl { get; set; }
}

/// <summary>
/// Warnings before a connector's access ends for good (config section <c>TokenExpiry</c>): Meta's long-lived tokens
/// last about 60 days and no refresh token renews them, so the user has to connect again in time.
/// </summary>
public sealed class TokenExpiryOptions
{
    public const string SectionName = "TokenExpiry";

    /// <summary>How many days before the end of access <c>GET /api/connectors</c> shows a warning (0: never).</summary>
    [Range(0, 365, ErrorMessage = "The setting TokenExpiry:WarningDays must be between 0 and 365.")]
    public int WarningDays { get; set; } = 7;

    /// <summary>
    /// How often the registry looks for connectors inside the warning window; it logs each of them once a day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "The setting TokenExpiry:CheckInterval must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
