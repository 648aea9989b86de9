using System.Text.Json;

namespace Connectors.Observability.Tests;

/// <summary>A finished span as <c>Telemetry:SpanFile</c> writes it.</summary>
public sealed record Span(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Source,
    string Service,
    double DurationMs,
    Dictionary<string, string?> Tags)
{
    public string? Tag(string name) => Tags.GetValueOrDefault(name);
}

/// <summary>A metric point as <c>Telemetry:MetricFile</c> writes it.</summary>
public sealed record MetricPoint(
    string Meter,
    string Name,
    Dictionary<string, string?> Tags,
    double? Value,
    long? Count,
    double? Sum)
{
    public string? Tag(string name) => Tags.GetValueOrDefault(name);
}

/// <summary>Reads the span and metric files every service of a running system writes into one folder.</summary>
public sealed class TelemetryFiles(string folder)
{
    public const string SpanSuffix = ".spans.jsonl";
    public const string MetricSuffix = ".metrics.jsonl";

    public string Folder { get; } = folder;

    /// <summary>Settings that make every service write its spans and metrics (each second) into the folder.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Telemetry__SpanFile"] = Path.Combine(Folder, "{service}-{pid}" + SpanSuffix),
        ["Telemetry__MetricFile"] = Path.Combine(Folder, "{service}-{pid}" + MetricSuffix),
        ["Telemetry__MetricExportInterval"] = "00:00:01",
    };

    public IReadOnlyList<Span> Spans() => Read<Span>(SpanSuffix);

    public IReadOnlyList<MetricPoint> Metrics() => Read<MetricPoint>(MetricSuffix);

    private List<T> Read<T>(string suffix)
    {
        var records = new List<T>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*" + suffix))
        {
            using var stream = new FileStream(
                file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                // A line being written at this moment may be cut short; the next read sees it whole.
                try
                {
                    records.Add(JsonSerializer.Deserialize<T>(line, JsonSerializerOptions.Web)!);
                }
                catch (JsonException)
                {
                }
            }
        }

        return records;
    }
}
