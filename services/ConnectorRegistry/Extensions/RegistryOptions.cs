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
