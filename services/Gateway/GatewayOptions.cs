using System.ComponentModel.DataAnnotations;

namespace Connectors.Gateway;

/// <summary>Settings of the gateway's authentication (config section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// How long a valid API key stays trusted in memory without a database lookup, in seconds. A revoked key
    /// keeps working on a running gateway for at most this long. 0 turns the cache off.
    /// </summary>
    [Range(0, 600, ErrorMessage = "The setting Gateway:ApiKeyCacheSeconds must be between 0 and 600.")]
    public int ApiKeyCacheSeconds { get; set; } = 30;

    /// <summary>How long a dashboard session lasts after its last use, in hours.</summary>
    [Range(1, 720, ErrorMessage = "The setting Gateway:SessionHours must be between 1 and 720.")]
    public int SessionHours { get; set; } = 8;
}

/// <summary>The gateway's public address, read from the root setting <c>PublicBaseUrl</c>.</summary>
public sealed class PublicUrlOptions
{
    public const string Key = "PublicBaseUrl";

    /// <summary>
    /// The URL users reach the gateway at (e.g. <c>http://127.0.0.1:5080</c>). Session cookies are marked
    /// <c>Secure</c> when it is https; sign-in form posts must come from its origin.
    /// </summary>
    [Required(ErrorMessage = "The setting PublicBaseUrl (the gateway's public URL) is missing.")]
    public Uri? PublicBaseUrl { get; set; }

    public bool IsHttps => PublicBaseUrl?.Scheme == Uri.UriSchemeHttps;
}
