namespace Connectors.SyncOrchestrator;

/// <summary>Where the other services of the product answer (config section <c>Services</c>).</summary>
public sealed class ServicesOptions
{
    public const string SectionName = "Services";

    /// <summary>Base URL of the connector registry's internal API, e.g. <c>http://127.0.0.1:5081</c>.</summary>
    public Uri? Registry { get; set; }
}
