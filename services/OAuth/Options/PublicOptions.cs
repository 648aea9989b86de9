using System.ComponentModel.DataAnnotations;

namespace Connectors.OAuth.Options;

/// <summary>
/// The product's public address (the root key <c>PublicBaseUrl</c>): the gateway's URL as a browser sees it.
/// Redirects and every OAuth <c>redirect_uri</c> are built on it, never on an internal host.
/// </summary>
public sealed class PublicOptions
{
    /// <summary>E.g. <c>http://127.0.0.1:5080</c> locally, the HTTPS address of the gateway in production.</summary>
    [Required(ErrorMessage = "The setting PublicBaseUrl (the gateway's public URL) is missing.")]
    [Url(ErrorMessage = "The setting PublicBaseUrl must be an absolute http(s) URL.")]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The public base URL without a trailing slash.</summary>
    public string Base => PublicBaseUrl.TrimEnd('/');

    /// <summary>Whether browsers reach the product over HTTPS (cookies are then marked Secure).</summary>
    public bool IsHttps => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
