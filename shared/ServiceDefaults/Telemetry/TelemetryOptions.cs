namespace Connectors.ServiceDefaults.Telemetry;

/// <summary>
/// Where a service also writes its telemetry as files (config section <c>Telemetry</c>). Meant for tests and local
/// diagnosis; production exports over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The placeholder replaced by the service's name (e.g. <c>Connectors.Workers</c>) in a file path.
    /// </summary>
    public const string ServicePlaceholder = "{service}";

    /// <summary>The placeholder replaced by the process id, so two instances of one service write apart.</summary>
    public const string ProcessPlaceholder = "{pid}";

    /// <summary>
    /// When set, every finished span is appended to this file as one JSON object per line. May hold
    /// <c>{service}</c> and <c>{pid}</c>. Default: unset (no file).
    /// </summary>
    public string? SpanFile { get; set; }

    /// <summary>
    /// When set, a snapshot of every metric (cumulative) replaces this file's content as JSON lines at each
    /// export. May hold <c>{service}</c> and <c>{pid}</c>. Default: unset (no file).
    /// </summary>
    public string? MetricFile { get; set; }

    /// <summary>
    /// How often metrics are written to <see cref="MetricFile"/>. Default 60 seconds. (OTLP export follows the
    /// standard <c>OTEL_METRIC_EXPORT_INTERVAL</c>, in milliseconds, default 60000.)
    /// </summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The path with its placeholders filled in for this process.</summary>
    public static string Resolve(string path, string service) => path
        .Replace(ServicePlaceholder, service, StringComparison.Ordinal)
        .Replace(ProcessPlaceholder, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
}
