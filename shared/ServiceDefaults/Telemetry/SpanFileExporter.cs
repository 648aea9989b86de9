using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;

namespace Connectors.ServiceDefaults.Telemetry;

/// <summary>
/// Appends finished spans to a file, one JSON object per line: trace and span ids, parent, name, kind, source,
/// service, start, duration, status and tags. Used by tests to follow one user action across processes.
/// </summary>
public sealed class SpanFileExporter : BaseExporter<Activity>
{
    private readonly StreamWriter _writer;
    private readonly string _service;
    private readonly Lock _gate = new();

    public SpanFileExporter(string path, string service)
    {
        _service = service;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _writer = new StreamWriter(stream) { AutoFlush = true };
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_gate)
        {
            foreach (var activity in batch)
            {
                _writer.WriteLine(JsonSerializer.Serialize(ToRecord(activity), JsonSerializerOptions.Web));
            }
        }

        return ExportResult.Success;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _writer.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private SpanRecord ToRecord(Activity activity) => new(
        activity.TraceId.ToHexString(),
        activity.SpanId.ToHexString(),
        activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
        activity.DisplayName,
        activity.Kind.ToString(),
        activity.Source.Name,
        _service,
        activity.StartTimeUtc,
        activity.Duration.TotalMilliseconds,
        activity.Status.ToString(),
        activity.TagObjects
            .Where(tag => tag.Value is not null)
            .GroupBy(tag => tag.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => Convert.ToString(
                group.Last().Value, System.Globalization.CultureInfo.InvariantCulture)));

    private sealed record SpanRecord(
        string TraceId,
        string SpanId,
        string? ParentSpanId,
        string Name,
        string Kind,
        string Source,
        string Service,
        DateTime Start,
        double DurationMs,
        string Status,
        Dictionary<string, string?> Tags);
}
