using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed record LinkedInCampaign(long Id, string Urn, string Name, string Group);

/// <summary>Campaigns of a LinkedIn ad account and their daily analytics, derived from the seed.</summary>
internal static class LinkedInData
{
    public const string CampaignDaily = "campaign_daily";

    /// <summary>Metrics served by adAnalytics; the cost ones are decimal strings, the others integers.</summary>
    public static readonly IReadOnlyList<string> MetricNames =
    [
        "impressions",
        "clicks",
        "costInLocalCurrency",
        "costInUsd",
        "landingPageClicks",
        "externalWebsiteConversions",
        "externalWebsitePostClickConversions",
        "externalWebsitePostViewConversions",
        "conversionValueInLocalCurrency",
        "likes",
        "shares",
        "comments",
        "follows",
        "reactions",
        "totalEngagements",
        "otherEngagements",
        "videoViews",
        "videoStarts",
        "videoCompletions",
        "videoFirstQuartileCompletions",
        "videoMidpointCompletions",
        "videoThirdQuartileCompletions",
        "oneClickLeads",
        "oneClickLeadFormOpens",
        "opens",
        "sends",
        "approximateMemberReach",
        "adUnitClicks",
        "companyPageClicks",
        "textUrlClicks",
    ];

    public static readonly IReadOnlySet<string> DecimalMetrics = new HashSet<string>(StringComparer.Ordinal)
    {
        "costInLocalCurrency",
        "costInUsd",
        "conversionValueInLocalCurrency",
    };

    private static readonly string[] Themes = ["Sponsored Content", "Lead Gen", "Retargeting", "Thought Leadership"];

    public static IReadOnlyList<LinkedInCampaign> Campaigns(Account account)
    {
        var count = account.Size(CampaignDaily, 6) + account.ChangesOf(CampaignDaily).Created.Count;
        var baseId = 100_000_000L + (long)(account.Seed % 900_000) * 100;
        return Enumerable.Range(0, count).Select(i => new LinkedInCampaign(
            baseId + i,
            $"urn:li:sponsoredCampaign:{baseId + i}",
            $"{Themes[i % Themes.Length]} {i + 1}",
            $"urn:li:sponsoredCampaignGroup:{baseId / 10 + i / 3}")).ToList();
    }

    public static string Key(string campaignUrn, DateOnly date) => $"{campaignUrn}|{date:yyyy-MM-dd}";

    public static IEnumerable<string> Keys(Account account, DateTimeOffset now)
    {
        var days = GoogleAdsData.Days(now);
        return Campaigns(account).SelectMany(c => days.Select(day => Key(c.Urn, day)));
    }

    public static Dictionary<string, decimal> Day(Account account, LinkedInCampaign campaign, DateOnly date)
    {
        var seed = account.Seed;
        var index = campaign.Id % 100_000 * 100_000 + date.DayNumber;
        var revision = account.ChangesOf(CampaignDaily).For(Key(campaign.Urn, date))?.Version ?? 0;
        var impressions = Deterministic.Range(seed, "li-imp", index, 100, 12_000);
        var clicks = impressions * Deterministic.Range(seed, "li-ctr", index, 3, 25) / 1000 + revision;
        var cost = Math.Round(clicks * Deterministic.Range(seed, "li-cpc", index, 300, 1400) / 100m, 2);
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["impressions"] = impressions,
            ["clicks"] = clicks,
            ["costInLocalCurrency"] = cost,
            ["costInUsd"] = cost,
        };
        foreach (var name in MetricNames.Where(n => !values.ContainsKey(n)))
        {
            values[name] = name == "conversionValueInLocalCurrency"
                ? Math.Round(Deterministic.Range(seed, name, index, 0, 50_000) / 100m, 2)
                : Deterministic.Range(seed, name, index, 0, Math.Max(1, clicks) + 1);
        }

        return values;
    }

    public static string Format(string metric, decimal value) =>
        DecimalMetrics.Contains(metric)
            ? value.ToString("0.00", CultureInfo.InvariantCulture)
            : value.ToString("0", CultureInfo.InvariantCulture);
}
