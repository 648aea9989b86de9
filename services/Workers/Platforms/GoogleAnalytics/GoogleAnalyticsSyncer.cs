using System.Globalization;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.GoogleAnalytics;

/// <summary>
/// Daily sessions, users, views and conversions per default channel group of one GA4 property. The first sync reads
/// <c>Sync:BackfillDays</c> back; later ones re-read <c>Sync:GoogleAnalyticsLookbackDays</c> before the last synced
/// date, because GA4 keeps processing recent days.
/// </summary>
public sealed class GoogleAnalyticsSyncer(
    GoogleAnalyticsClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<GoogleAnalyticsSyncer> logger) : IPlatformSyncer
{
    private const string DateDimension = "date";
    private const string ChannelDimension = "sessionDefaultChannelGroup";

    private static readonly string[] Dimensions = [DateDimension, ChannelDimension];

    private static readonly string[] Metrics =
        ["sessions", "totalUsers", "newUsers", "screenPageViews", "conversions", "engagementRate"];

    private static readonly SyncStream DailyChannels =
        new("daily_channels", LandingTables.GoogleAnalyticsDailyChannels);

    private readonly SyncOptions _options = options.Value;

    public IReadOnlyList<SyncStream> Streams { get; } = [DailyChannels];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var property = GoogleAnalyticsClient.PropertyName(scope.Session.Token.AccountId)
            ?? throw new SyncFailureException(FailureClass.Configuration,
                "No Google Analytics property is selected for this connector; reconnect it and pick one.");
        var propertyId = property["properties/".Length..];
        var window = DateWindow.For(await cursors.GetAsync<DateCursor>(scope, stream, cancellationToken),
            time.GetUtcNow(), _options.BackfillDays, _options.GoogleAnalyticsLookbackDays);
        window.Report(progress);

        await landing.LandAsync(scope, progress, async pages =>
        {
            long offset = 0;
            bool done;
            do
            {
                var report = await client.RunReportAsync(scope.Session, property, window, Dimensions, Metrics,
                    _options.GoogleAnalyticsPageSize, offset, cancellationToken);
                LogQuota(property, report);
                var columns = new ReportColumns(report);
                var rows = report.Rows ?? [];
                offset += rows.Count;
                // Offsets are stable only over the whole report: the window is done with its last page alone.
                done = rows.Count == 0 || offset >= (report.RowCount ?? 0);
                await pages.WriteAsync([.. rows.Select(row => columns.ToRow(propertyId, row))],
                    done ? new DateCursor(window.To) : null, cancellationToken);
            }
            while (!done);
        }, cancellationToken);
    }

    private void LogQuota(string property, AnalyticsReport report)
    {
        if (report.PropertyQuota is { } quota)
        {
            WorkersLog.AnalyticsQuota(logger, property, JsonRead.Int64(quota, "tokensPerDay", "remaining"),
                JsonRead.Int64(quota, "tokensPerHour", "remaining"));
        }
    }

    /// <summary>Where each dimension and metric sits in a row, by the headers the report answered with.</summary>
    private sealed class ReportColumns(AnalyticsReport report)
    {
        private readonly List<string> _dimensions =
            report.DimensionHeaders?.Select(header => header.Name).ToList() ?? [.. Dimensions];

        private readonly List<string> _metrics =
            report.MetricHeaders?.Select(header => header.Name).ToList() ?? [.. Metrics];

        public object?[] ToRow(string propertyId, JsonElement row) =>
        [
            propertyId,
            DateOnly.ParseExact(Dimension(row, DateDimension) ?? throw Missing(DateDimension), "yyyyMMdd",
                CultureInfo.InvariantCulture),
            Dimension(row, ChannelDimension) ?? throw Missing(ChannelDimension),
            Integer(row, "sessions"),
            Integer(row, "totalUsers"),
            Integer(row, "newUsers"),
            Integer(row, "screenPageViews"),
            Number(row, "conversions"),
            Number(row, "engagementRate"),
            row.GetRawText(),
        ];

        private string? Dimension(JsonElement row, string name) =>
            Value(row, "dimensionValues", _dimensions.IndexOf(name)) is { } value ? JsonRead.String(value) : null;

        // GA sends integer metrics as strings; an absent one means no activity.
        private long Integer(JsonElement row, string name) =>
            Value(row, "metricValues", _metrics.IndexOf(name)) is { } value
                ? (long)(JsonRead.Decimal(value) ?? 0m)
                : 0;

        private decimal Number(JsonElement row, string name) =>
            Value(row, "metricValues", _metrics.IndexOf(name)) is { } value ? JsonRead.Decimal(value) ?? 0m : 0m;

        private static JsonElement? Value(JsonElement row, string list, int index) =>
            index >= 0 && JsonRead.Path(row, list) is { ValueKind: JsonValueKind.Array } values
                && index < values.GetArrayLength()
                ? JsonRead.Path(values[index], "value")
                : null;

        private static JsonException Missing(string name) => new($"A Google Analytics row has no {name}.");
    }
}
