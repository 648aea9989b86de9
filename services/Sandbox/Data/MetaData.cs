using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed record MetaAd(
    string Id, string Name, string AdsetId, string AdsetName, string CampaignId, string CampaignName);

/// <summary>Summable delivery of ads over some days.</summary>
internal sealed record MetaTotals(
    long Impressions, long Reach, long Clicks, long LinkClicks, long LandingViews, long Purchases,
    decimal Spend, decimal PurchaseValue)
{
    public static readonly MetaTotals Zero = new(0, 0, 0, 0, 0, 0, 0m, 0m);

    public MetaTotals Add(MetaTotals o) => new(
        Impressions + o.Impressions,
        Reach + o.Reach,
        Clicks + o.Clicks,
        LinkClicks + o.LinkClicks,
        LandingViews + o.LandingViews,
        Purchases + o.Purchases,
        Spend + o.Spend,
        PurchaseValue + o.PurchaseValue);
}

/// <summary>Campaigns, ad sets and ads of a Meta ad account (two ads per ad set, two ad sets per campaign)
/// with daily delivery derived from the seed.</summary>
internal static class MetaData
{
    public const string AdDaily = "ad_daily";

    private static readonly string[] Audiences =
        ["Lookalike 1%", "Retargeting 30d", "Interests – Tech", "Broad US", "Website Visitors", "Video Viewers"];

    private static readonly string[] Creatives = ["Carousel", "Single Image", "Video 15s", "Collection"];

    public static IReadOnlyList<MetaAd> Ads(Account account)
    {
        var count = account.Size(AdDaily, 8) + account.ChangesOf(AdDaily).Created.Count;
        var baseId = 23_850_000_000_000_000L + (long)(account.Seed % 1_000_000) * 1000;
        return Enumerable.Range(0, count).Select(i =>
        {
            var campaign = i / 4;
            var adset = i / 2;
            return new MetaAd(
                (baseId + 500 + i).ToString(CultureInfo.InvariantCulture),
                $"{Creatives[i % Creatives.Length]} {i + 1}",
                (baseId + 200 + adset).ToString(CultureInfo.InvariantCulture),
                $"{Audiences[adset % Audiences.Length]} – Set {adset + 1}",
                (baseId + campaign).ToString(CultureInfo.InvariantCulture),
                campaign % 2 == 0 ? $"Prospecting {campaign + 1}" : $"Conversions {campaign + 1}");
        }).ToList();
    }

    public static string Key(string adId, DateOnly date) => $"{adId}|{date:yyyy-MM-dd}";

    public static IEnumerable<string> Keys(Account account, DateTimeOffset now)
    {
        var days = GoogleAdsData.Days(now);
        return Ads(account).SelectMany(ad => days.Select(day => Key(ad.Id, day)));
    }

    public static MetaTotals Day(Account account, MetaAd ad, DateOnly date)
    {
        var index = long.Parse(ad.Id, CultureInfo.InvariantCulture) % 100_000 * 100_000 + date.DayNumber;
        var seed = account.Seed;
        var revision = account.ChangesOf(AdDaily).For(Key(ad.Id, date))?.Version ?? 0;
        var impressions = Deterministic.Range(seed, "meta-imp", index, 200, 30_000);
        var reach = impressions * Deterministic.Range(seed, "meta-reach", index, 55, 90) / 100;
        var clicks = impressions * Deterministic.Range(seed, "meta-ctr", index, 4, 40) / 1000 + revision;
        var linkClicks = clicks * Deterministic.Range(seed, "meta-link", index, 50, 90) / 100;
        var landing = linkClicks * Deterministic.Range(seed, "meta-lpv", index, 40, 95) / 100;
        var purchases = landing * Deterministic.Range(seed, "meta-cvr", index, 0, 80) / 1000;
        var spend = Math.Round(impressions * Deterministic.Range(seed, "meta-cpm", index, 400, 2200) / 100_000m, 2);
        var value = Math.Round(purchases * Deterministic.Range(seed, "meta-aov", index, 2500, 15_000) / 100m, 2);
        return new MetaTotals(impressions, reach, clicks, linkClicks, landing, purchases, spend, value);
    }
}
