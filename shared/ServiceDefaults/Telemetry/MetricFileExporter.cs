using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Connectors.ServiceDefaults.Telemetry;

/// <summary>
/// Replaces a file's content with the latest (cumulative) value of every metric point at each export, one JSON
/// object per line: meter, name, unit, tags and the value (for histograms, count and sum). Used by tests.
/// </summary>
public sealed class MetricFileExporter(string path) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var lines = new List<string>();
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                lines.Add(JsonSerializer.Serialize(ToRecord(metric, point), JsonSerializerOptions.Web));
            }
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllLines(temporary, lines);
        File.Move(temporary, path, overwrite: true);
        return ExportResult.Success;
    }

    private static MetricRecord ToRecord(Metric metric, in MetricPoint point)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var type = metric.MetricType;
        double? value = type.IsHistogram() ? null
            : type.IsSum() ? (type.IsLong() ? point.GetSumLong() : point.GetSumDouble())
            : type.IsLong() ? point.GetGaugeLastValueLong() : point.GetGaugeLastValueDouble();
        long? count = type.IsHistogram() ? point.GetHistogramCount() : null;
        double? sum = type.IsHistogram() ? point.GetHistogramSum() : null;
        return new MetricRecord(metric.MeterName, metric.Name, metric.Unit, tags, value, count, sum);
    }

    private sealed record MetricRecord(
        string Meter,
        string Name,
        string? Unit,
        Dictionary<string, string?> Tags,
        double? Value,
        long? Count,
        double? Sum);
}
