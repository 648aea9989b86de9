using System.Globalization;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.MetaAds;

/// <summary>
/// Daily insights per ad of one ad account. The first sync reads <c>Sync:BackfillDays</c> back; later ones re-read
/// <c>Sync:MetaAdsLookbackDays</c> before the last synced date, because conversions are attributed back to the
/// impression's day. Ranges longer than <c>Workers:MetaAsyncThresholdDays</c> go through an asynchronous report run.
/// </summary>
public sealed class MetaAdsSyncer(
    MetaAdsClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    IOptions<WorkersOptions> workers,
    TimeProvider time,
    ILogger<MetaAdsSyncer> logger) : IPlatformSyncer
{
    private const string Completed = "Job Completed";

    private static readonly string[] Fields =
    [
        "account_id", "campaign_id", "adset_id", "ad_id", "ad_name", "impressions", "clicks", "spend", "reach",
        "actions", "date_start", "date_stop",
    ];

    private static readonly string[] Failed = ["Job Failed", "Job Skipped"];

    private static readonly SyncStream AdDaily = new("ad_daily", LandingTables.MetaAdsAdDaily);

    private readonly SyncOptions _options = options.Value;
    private readonly WorkersOptions _workers = workers.Value;

    public IReadOnlyList<SyncStream> Streams { get; } = [AdDaily];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var node = MetaAdsClient.AccountNode(scope.Session.Token.AccountId)
            ?? throw new SyncFailureException(FailureClass.Configuration,
                "No Meta ad account is selected for this connector; reconnect it and pick one.");
        var window = DateWindow.For(await cursors.GetAsync<DateCursor>(scope, stream, cancellationToken),
            time.GetUtcNow(), _options.BackfillDays, _options.MetaAdsLookbackDays);
        window.Report(progress);
        var query = new MetaInsightsQuery(window, Fields, _options.MetaAdsPageSize);

        Func<string?, Task<MetaPage>> nextPage;
        if (window.Days > _workers.MetaAsyncThresholdDays)
        {
            var runId = await RunReportAsync(scope, node, query, cancellationToken);
            nextPage = after => client.ReportRunInsightsAsync(scope.Session, runId, query.Limit, after,
                cancellationToken);
        }
        else
        {
            nextPage = after => client.InsightsAsync(scope.Session, node, query, after, cancellationToken);
        }

        await LandPagesAsync(scope, progress, node["act_".Length..], window, nextPage, cancellationToken);
    }

    private async Task LandPagesAsync(
        SyncScope scope,
        StreamProgress progress,
        string accountId,
        DateWindow window,
        Func<string?, Task<MetaPage>> nextPage,
        CancellationToken cancellationToken)
    {
        await landing.LandAsync(scope, progress, async pages =>
        {
            string? after = null;
            do
            {
                var page = await nextPage(after);
                after = page.NextAfter;
                // Pages are not ordered by date: the cursor moves only with the window's last page.
                await pages.WriteAsync([.. (page.Data ?? []).Select(row => ToRow(accountId, row))],
                    after is null ? new DateCursor(window.To) : null, cancellationToken);
            }
            while (after is not null);
        }, cancellationToken);
    }

    /// <summary>Starts a report run and polls it until done, within <c>Workers:MetaReportMaxPolls</c>.</summary>
    private async Task<string> RunReportAsync(
        SyncScope scope,
        string node,
        MetaInsightsQuery query,
        CancellationToken cancellationToken)
    {
        var started = await client.StartReportRunAsync(scope.Session, node, query, cancellationToken);
        var runId = started.ReportRunId is { Length: > 0 } id
            ? id
            : throw new JsonException("Meta started a report run without a report_run_id.");
        for (var poll = 1; ; poll++)
        {
            var run = await client.ReportRunAsync(scope.Session, runId, cancellationToken);
            WorkersLog.ReportRunPolled(logger, runId, run.AsyncStatus ?? "unknown", run.PercentCompletion ?? 0);
            if (run.AsyncStatus == Completed)
            {
                return runId;
            }

            if (run.AsyncStatus is { } status && Failed.Contains(status))
            {
                throw new SyncFailureException(FailureClass.Transient,
                    $"Meta's report run ended with {status}: "
                    + JsonRead.Short(run.ErrorMessage ?? run.ErrorUserMessage));
            }

            if (poll >= _workers.MetaReportMaxPolls)
            {
                throw new SyncFailureException(FailureClass.Transient,
                    $"Meta's report run was still '{run.AsyncStatus}' after {poll} polls; the next sync starts anew.");
            }

            await Task.Delay(_workers.MetaReportPollInterval, time, cancellationToken);
        }
    }

    private static object?[] ToRow(string accountId, JsonElement row) =>
    [
        accountId,
        JsonRead.String(row, "ad_id") ?? throw new JsonException("A Meta insights row has no ad_id."),
        DateOnly.ParseExact(
            JsonRead.String(row, "date_start") ?? throw new JsonException("A Meta insights row has no date_start."),
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture),
        JsonRead.String(row, "campaign_id"),
        JsonRead.String(row, "adset_id"),
        JsonRead.String(row, "ad_name"),
        JsonRead.Int64(row, "impressions") ?? 0,
        JsonRead.Int64(row, "clicks") ?? 0,
        JsonRead.Decimal(row, "spend") ?? 0m,
        JsonRead.Int64(row, "reach"),
        JsonRead.Path(row, "actions")?.GetRawText(),
        row.GetRawText(),
    ];
}
