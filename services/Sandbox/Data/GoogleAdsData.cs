using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed record AdsCampaign(long Id, string Name, string Status, string Channel, int Index);

internal sealed record AdsAdGroup(long Id, string Name, string Status, AdsCampaign Campaign);

internal sealed record AdsMetrics(long Impressions, long Clicks, long CostMicros, double Conversions, double Value);

/// <summary>Campaigns and ad groups of a Google Ads customer with daily metrics, all derived from the seed.</summary>
internal static class GoogleAdsData
{
    public const string CampaignDaily = "campaign_daily";
    public const string AdGroupDaily = "ad_group_daily";
    public const int History = 90;

    private static readonly string[] Themes =
        ["Brand", "Generic", "Competitors", "Remarketing", "Shopping", "Display", "Video", "Performance Max"];

    private static readonly string[] Channels =
        ["SEARCH", "SEARCH", "SEARCH", "DISPLAY", "SHOPPING", "DISPLAY", "VIDEO", "PERFORMANCE_MAX"];

    public static IReadOnlyList<AdsCampaign> Campaigns(Account account)
    {
        var count = account.Size("campaigns", account.Size(CampaignDaily, 5))
            + account.ChangesOf(CampaignDaily).Created.Count;
        var seed = account.Seed;
        var baseId = 20_000_000_000 + (long)(seed % 900_000) * 1000;
        return Enumerable.Range(0, count)
            .Select(i => new AdsCampaign(
                baseId + i,
                $"{Themes[(int)((seed + (ulong)i) % (ulong)Themes.Length)]} {i + 1}",
                Deterministic.Range(seed, "status", i, 0, 10) == 0 ? "PAUSED" : "ENABLED",
                Channels[(int)((seed + (ulong)i) % (ulong)Channels.Length)],
                i))
            .ToList();
    }

    public static IReadOnlyList<AdsAdGroup> AdGroups(Account account)
    {
        var perCampaign = account.Size("ad_groups_per_campaign", account.Size(AdGroupDaily, 3));
        return Campaigns(account)
            .SelectMany(c => Enumerable.Range(0, perCampaign).Select(j => new AdsAdGroup(
                c.Id * 100 + j, $"{c.Name} – Group {j + 1}", "ENABLED", c)))
            .ToList();
    }

    public static IReadOnlyList<DateOnly> Days(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return Enumerable.Range(0, History + 1).Select(d => today.AddDays(d - History)).ToList();
    }

    public static string Key(long entityId, DateOnly date) => $"{entityId}|{date:yyyy-MM-dd}";

    public static AdsMetrics Metrics(Account account, string stream, long entityId, DateOnly? date)
    {
        var index = entityId * 100_000 + (date?.DayNumber ?? 0);
        var seed = account.Seed;
        var revision = date is { } d ? account.ChangesOf(stream).For(Key(entityId, d))?.Version ?? 0 : 0;
        var impressions = Deterministic.Range(seed, stream + "imp", index, 100, 20_000);
        var clicks = impressions * Deterministic.Range(seed, stream + "ctr", index, 5, 80) / 1000 + revision;
        var cpc = Deterministic.Range(seed, stream + "cpc", index, 150_000, 2_500_000);
        var conversions = Math.Round(clicks * Deterministic.Range(seed, stream + "cvr", index, 0, 120) / 1000.0, 2);
        return new AdsMetrics(impressions, clicks, clicks * (long)cpc, conversions, Math.Round(conversions * 48.5, 2));
    }

    public static IEnumerable<string> Keys(Account account, string stream, DateTimeOffset now)
    {
        var days = Days(now);
        var ids = stream == CampaignDaily
            ? Campaigns(account).Select(c => c.Id)
            : AdGroups(account).Select(g => g.Id);
        return ids.SelectMany(id => days.Select(day => Key(id, day)));
    }
}
