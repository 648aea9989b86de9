using System.ComponentModel.DataAnnotations;

namespace Connectors.OAuth.Options;

/// <summary>
/// Where the other services of the product are (config section <c>Services</c>), as internal base URLs.
/// </summary>
public sealed class ServicesOptions
{
    public const string SectionName = "Services";

    /// <summary>The connector registry, told when a connector is connected or needs re-authorization.</summary>
    [Required(ErrorMessage = "The setting Services:Registry (the registry's internal base URL) is missing.")]
    [Url(ErrorMessage = "The setting Services:Registry must be an absolute http(s) URL.")]
    public string Registry { get; set; } = "http://127.0.0.1:5081";
}
