using System.Globalization;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.GoogleAds;

/// <summary>
/// Daily campaign and ad group metrics through GAQL. The first sync reads <c>Sync:BackfillDays</c> back; later
/// ones re-read <c>Sync:LookbackDays</c> before the last synced date, because Google restates recent days.
/// </summary>
public sealed class GoogleAdsSyncer(
    GoogleAdsClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    TimeProvider time) : IPlatformSyncer
{
    private const string CampaignQuery = """
        SELECT campaign.id, campaign.name, segments.date, metrics.impressions, metrics.clicks, metrics.cost_micros,
        metrics.conversions FROM campaign WHERE segments.date BETWEEN '{0}' AND '{1}'
        """;

    private const string AdGroupQuery = """
        SELECT ad_group.id, ad_group.name, campaign.id, segments.date, metrics.impressions, metrics.clicks,
        metrics.cost_micros, metrics.conversions FROM ad_group WHERE segments.date BETWEEN '{0}' AND '{1}'
        """;

    private static readonly SyncStream CampaignDaily = new("campaign_daily", LandingTables.GoogleAdsCampaignDaily);
    private static readonly SyncStream AdGroupDaily = new("ad_group_daily", LandingTables.GoogleAdsAdGroupDaily);

    private readonly SyncOptions _options = options.Value;

    public IReadOnlyList<SyncStream> Streams { get; } = [CampaignDaily, AdGroupDaily];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var customerId = GoogleAdsClient.Digits(scope.Session.Token.AccountId)
            ?? throw new SyncFailureException(FailureClass.Configuration,
                "No Google Ads customer account is selected for this connector; reconnect it and pick one.");
        var window = DateWindow.For(await cursors.GetAsync<DateCursor>(scope, stream, cancellationToken),
            time.GetUtcNow(), _options.BackfillDays, _options.LookbackDays);
        window.Report(progress);
        var query = string.Format(CultureInfo.InvariantCulture, stream == CampaignDaily ? CampaignQuery : AdGroupQuery,
            Iso(window.From), Iso(window.To)).ReplaceLineEndings(" ");

        await landing.LandAsync(scope, progress, async pages =>
        {
            string? pageToken = null;
            do
            {
                var page = await client.SearchAsync(scope.Session, customerId, query, pageToken, cancellationToken);
                pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
                var rows = (page.Results ?? []).Select(result => ToRow(stream, customerId, result)).ToList();
                // The window is finished only with its last page: until then the cursor keeps the old date.
                var cursor = pageToken is null ? new DateCursor(window.To) : null;
                await pages.WriteAsync(rows, cursor, cancellationToken);
            }
            while (pageToken is not null);
        }, cancellationToken);
    }

    private static object?[] ToRow(SyncStream stream, string customerId, JsonElement result)
    {
        var date = DateOnly.ParseExact(
            JsonRead.String(result, "segments", "date") ?? throw Missing("segments.date"),
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture);
        var metrics = new object?[]
        {
            JsonRead.Int64(result, "metrics", "impressions") ?? 0,
            JsonRead.Int64(result, "metrics", "clicks") ?? 0,
            JsonRead.Int64(result, "metrics", "costMicros") ?? 0,
            JsonRead.Decimal(result, "metrics", "conversions") ?? 0m,
            result.GetRawText(),
        };
        var campaignId = JsonRead.String(result, "campaign", "id");
        return stream == CampaignDaily
            ? [customerId, campaignId ?? throw Missing("campaign.id"), date,
                JsonRead.String(result, "campaign", "name"), .. metrics]
            : [customerId, JsonRead.String(result, "adGroup", "id") ?? throw Missing("ad_group.id"), date,
                campaignId, JsonRead.String(result, "adGroup", "name"), .. metrics];
    }

    // Proto3 JSON omits zero metrics, so only identifiers are required.
    private static JsonException Missing(string field) => new($"A Google Ads row has no {field}.");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
