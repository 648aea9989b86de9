namespace Connectors.ServiceDefaults.Platforms;

/// <summary>
/// How to reach one platform (config section <c>Platforms:{type}</c>, e.g. <c>Platforms:google_ads</c>). Defaults
/// for the real hosts ship in <c>platforms.json</c>; <see cref="SandboxPlatforms"/> points every platform at the
/// provider sandbox instead. Client secrets come from the environment
/// (<c>Platforms__google_ads__ClientSecret</c>), never from a committed file.
/// </summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Platforms";

    /// <summary>The OAuth client id registered with the platform.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The OAuth client secret (for stripe Connect, the platform's secret key).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The consent screen the browser is sent to.</summary>
    public string AuthorizeUrl { get; set; } = "";

    /// <summary>Where codes are exchanged and tokens refreshed.</summary>
    public string TokenUrl { get; set; } = "";

    /// <summary>Where grants are revoked; empty when the platform offers no revocation.</summary>
    public string RevokeUrl { get; set; } = "";

    /// <summary>Token introspection (HubSpot, LinkedIn) or inspection (Meta <c>debug_token</c>).</summary>
    public string IntrospectUrl { get; set; } = "";

    /// <summary>The data API's scheme and host, without a version.</summary>
    public string ApiBaseUrl { get; set; } = "";

    /// <summary>A second API host where the platform has one (Google Analytics Admin API).</summary>
    public string AdminApiBaseUrl { get; set; } = "";

    /// <summary>The API version the client speaks (path segment, header or query value, per platform).</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary>Scopes requested at consent, separated as the platform expects.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>Google Ads developer token; sent only when set.</summary>
    public string DeveloperToken { get; set; } = "";
}
