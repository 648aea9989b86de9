using System.ComponentModel.DataAnnotations;

namespace Connectors.Workers;

/// <summary>Where the product's other services answer (config section <c>Services</c>).</summary>
public sealed class ServicesOptions
{
    public const string SectionName = "Services";

    /// <summary>The OAuth service's internal base URL; workers get access tokens from it.</summary>
    [Required]
    public Uri OAuth { get; set; } = new("http://127.0.0.1:5082");
}
