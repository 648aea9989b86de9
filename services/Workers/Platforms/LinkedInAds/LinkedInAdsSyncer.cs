using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.LinkedInAds;

/// <summary>
/// Daily campaign metrics of one sponsored account. adAnalytics does not page and silently truncates at its element
/// cap, so the window is read in slices of <c>Workers:LinkedInSliceDays</c>, and a slice whose answer reaches the
/// cap is read again in slices half as long. The first sync reads <c>Sync:BackfillDays</c> back; later ones re-read
/// <c>Sync:LinkedInAdsLookbackDays</c> before the last synced date (LinkedIn's 30-day post-click attribution).
/// </summary>
public sealed class LinkedInAdsSyncer(
    LinkedInAdsClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    IOptions<WorkersOptions> workers,
    TimeProvider time,
    ILogger<LinkedInAdsSyncer> logger) : IPlatformSyncer
{
    private static readonly string[] Metrics =
        ["impressions", "clicks", "costInLocalCurrency", "externalWebsiteConversions"];

    private static readonly SyncStream CampaignDaily = new("campaign_daily", LandingTables.LinkedInAdsCampaignDaily);

    private readonly SyncOptions _options = options.Value;
    private readonly WorkersOptions _workers = workers.Value;

    public IReadOnlyList<SyncStream> Streams { get; } = [CampaignDaily];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var accountId = LinkedInAdsClient.AccountId(scope.Session.Token.AccountId)
            ?? throw new SyncFailureException(FailureClass.Configuration,
                "No LinkedIn ad account is selected for this connector; reconnect it and pick one.");
        var window = DateWindow.For(await cursors.GetAsync<DateCursor>(scope, stream, cancellationToken),
            time.GetUtcNow(), _options.BackfillDays, _options.LinkedInAdsLookbackDays);
        window.Report(progress);

        await landing.LandAsync(scope, progress, async pages =>
        {
            var sliceDays = _workers.LinkedInSliceDays;
            var start = window.From;
            while (start <= window.To)
            {
                var end = start.AddDays(sliceDays - 1);
                var slice = new DateWindow(start, end > window.To ? window.To : end);
                var answer = await client.CampaignDailyAsync(scope.Session, accountId, slice, Metrics,
                    cancellationToken);
                var elements = answer.Elements ?? [];
                if (elements.Count >= _workers.LinkedInElementCap)
                {
                    sliceDays = Halve(slice, elements.Count);
                    continue;
                }

                // Slices are read oldest first, so every day up to this slice's end has landed.
                await pages.WriteAsync([.. elements.Select(element => ToRow(accountId, element))],
                    new DateCursor(slice.To), cancellationToken);
                start = slice.To.AddDays(1);
            }
        }, cancellationToken);
    }

    private int Halve(DateWindow slice, int elements)
    {
        if (slice.Days == 1)
        {
            throw new SyncFailureException(FailureClass.Bug,
                $"LinkedIn answered {elements} campaign rows for the single day {slice.From:yyyy-MM-dd}, its cap; "
                + "the day cannot be read without losing rows.");
        }

        var days = slice.Days / 2;
        WorkersLog.LinkedInSliceHalved(logger, elements, slice.From, slice.To, days);
        return days;
    }

    private static object?[] ToRow(string accountId, JsonElement element) =>
    [
        accountId,
        JsonRead.Path(element, "pivotValues") is { ValueKind: JsonValueKind.Array } pivots
            && pivots.GetArrayLength() > 0 && JsonRead.String(pivots[0]) is { } urn
            ? urn
            : throw new JsonException("A LinkedIn analytics element has no pivot value."),
        Start(element),
        JsonRead.Int64(element, "impressions") ?? 0,
        JsonRead.Int64(element, "clicks") ?? 0,
        JsonRead.Decimal(element, "costInLocalCurrency") ?? 0m,
        (long)(JsonRead.Decimal(element, "externalWebsiteConversions") ?? 0m),
        element.GetRawText(),
    ];

    private static DateOnly Start(JsonElement element) =>
        JsonRead.Int64(element, "dateRange", "start", "year") is { } year
        && JsonRead.Int64(element, "dateRange", "start", "month") is { } month
        && JsonRead.Int64(element, "dateRange", "start", "day") is { } day
            ? new DateOnly((int)year, (int)month, (int)day)
            : throw new JsonException("A LinkedIn analytics element has no dateRange.start.");
}
