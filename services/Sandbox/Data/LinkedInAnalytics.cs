using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>An adAnalytics request (q=analytics) read from its Rest.li 2.0 parameters.</summary>
internal sealed record LinkedInAnalyticsQuery(
    string Pivot,
    string Granularity,
    DateOnly Start,
    DateOnly End,
    IReadOnlyList<string> Accounts,
    IReadOnlyList<string> Campaigns,
    IReadOnlyList<string> Fields);

/// <summary>Parses adAnalytics requests and builds their elements (no paging: the caller truncates).</summary>
internal static class LinkedInAnalytics
{
    public const int MaxMetrics = 20;

    private static readonly string[] Pivots = ["CAMPAIGN", "ACCOUNT", "CAMPAIGN_GROUP"];

    private static readonly string[] Granularities = ["DAILY", "MONTHLY", "YEARLY", "ALL"];

    private static readonly string[] Structural = ["dateRange", "pivotValues", "pivot", "pivotValue"];

    public static LinkedInAnalyticsQuery Parse(IReadOnlyDictionary<string, string> raw, DateOnly today)
    {
        if (raw.GetValueOrDefault("q") != "analytics")
        {
            throw new RestLiException("The sandbox serves the finder q=analytics only.");
        }

        var pivot = Required(raw, "pivot");
        if (!Pivots.Contains(pivot))
        {
            throw new RestLiException($"Invalid value '{pivot}' for parameter 'pivot'.");
        }

        var granularity = Required(raw, "timeGranularity");
        if (!Granularities.Contains(granularity))
        {
            throw new RestLiException($"Invalid value '{granularity}' for parameter 'timeGranularity'.");
        }

        var (start, end) = DateRange(
            raw.GetValueOrDefault("dateRange") ?? throw new RestLiException("Missing required parameter 'dateRange'."),
            today);
        var accounts = Urns(raw, "accounts");
        var campaigns = Urns(raw, "campaigns");
        if (accounts.Count == 0 && campaigns.Count == 0)
        {
            throw new RestLiException("At least one facet (accounts or campaigns) is required.");
        }

        return new LinkedInAnalyticsQuery(pivot, granularity, start, end, accounts, campaigns, Fields(raw));
    }

    public static IReadOnlyList<JsonObject> Elements(Account account, LinkedInAnalyticsQuery query, DateTimeOffset now)
    {
        var accountUrn = $"urn:li:sponsoredAccount:{account.Id}";
        var campaigns = LinkedInData.Campaigns(account)
            .Where(c => query.Accounts.Contains(accountUrn) || query.Campaigns.Contains(c.Urn))
            .Where(c => query.Campaigns.Count == 0 || query.Campaigns.Contains(c.Urn))
            .ToList();
        var days = GoogleAdsData.Days(now).Where(d => d >= query.Start && d <= query.End).ToList();
        return campaigns
            .SelectMany(c => days.Select(d => (Pivot: PivotValue(query.Pivot, c, accountUrn), Period: Period(query, d),
                Values: LinkedInData.Day(account, c, d))))
            .GroupBy(x => (x.Pivot, x.Period))
            .OrderBy(g => g.Key.Period.Start)
            .ThenBy(g => g.Key.Pivot, StringComparer.Ordinal)
            .Select(g => Element(query, g.Key.Pivot, g.Key.Period, Sum(g.Select(x => x.Values))))
            .ToList();
    }

    private static JsonObject Element(
        LinkedInAnalyticsQuery query, string pivot, (DateOnly Start, DateOnly End) period,
        Dictionary<string, decimal> values)
    {
        var element = new JsonObject();
        foreach (var field in query.Fields)
        {
            element[field] = field switch
            {
                "dateRange" => new JsonObject { ["start"] = Date(period.Start), ["end"] = Date(period.End) },
                "pivotValues" => new JsonArray(pivot),
                "pivotValue" => pivot,
                "pivot" => query.Pivot,
                _ when LinkedInData.DecimalMetrics.Contains(field) => LinkedInData.Format(field, values[field]),
                _ => (long)values[field],
            };
        }

        return element;
    }

    private static Dictionary<string, decimal> Sum(IEnumerable<Dictionary<string, decimal>> days)
    {
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, value) in days.SelectMany(d => d))
        {
            total[name] = total.GetValueOrDefault(name) + value;
        }

        return total;
    }

    private static string PivotValue(string pivot, LinkedInCampaign campaign, string accountUrn) => pivot switch
    {
        "ACCOUNT" => accountUrn,
        "CAMPAIGN_GROUP" => campaign.Group,
        _ => campaign.Urn,
    };

    private static (DateOnly Start, DateOnly End) Period(LinkedInAnalyticsQuery query, DateOnly day)
    {
        var (start, end) = query.Granularity switch
        {
            "DAILY" => (day, day),
            "MONTHLY" => (
                new DateOnly(day.Year, day.Month, 1),
                new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1)),
            "YEARLY" => (new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31)),
            _ => (query.Start, query.End),
        };
        return (start < query.Start ? query.Start : start, end > query.End ? query.End : end);
    }

    private static JsonObject Date(DateOnly date) =>
        new() { ["year"] = date.Year, ["month"] = date.Month, ["day"] = date.Day };

    private static List<string> Fields(IReadOnlyDictionary<string, string> raw)
    {
        var fields = raw.TryGetValue("fields", out var text)
            ? RestLi.Decode(text).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal).ToList()
            : ["dateRange", "pivotValues", "impressions", "clicks"];
        if (fields.FirstOrDefault(f => !Structural.Contains(f) && !LinkedInData.MetricNames.Contains(f)) is { } unknown)
        {
            throw new RestLiException($"Unknown field '{unknown}' in the fields projection.");
        }

        var metrics = fields.Count(f => !Structural.Contains(f));
        return metrics > MaxMetrics
            ? throw new RestLiException(
                $"Requested {metrics} metrics; a request may project at most {MaxMetrics} metrics.")
            : fields;
    }

    private static List<string> Urns(IReadOnlyDictionary<string, string> raw, string name)
    {
        if (!raw.TryGetValue(name, out var text))
        {
            return [];
        }

        return RestLi.Parse(text) is List<object> items
            ? items.Select(i => i as string ?? throw new RestLiException($"'{name}' must be a List of URNs.")).ToList()
            : throw new RestLiException($"'{name}' must be written List(urn,…).");
    }

    private static (DateOnly Start, DateOnly End) DateRange(string text, DateOnly today)
    {
        if (RestLi.Parse(text) is not Dictionary<string, object> range || !range.TryGetValue("start", out var start))
        {
            throw new RestLiException("dateRange must be (start:(year:…,month:…,day:…),end:(…)).");
        }

        var from = DateOf(start);
        var to = range.TryGetValue("end", out var end) ? DateOf(end) : today;
        return from <= to ? (from, to) : throw new RestLiException("dateRange.start must not be after dateRange.end.");
    }

    private static DateOnly DateOf(object value)
    {
        if (value is Dictionary<string, object> date
            && int.TryParse(date.GetValueOrDefault("year") as string, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(date.GetValueOrDefault("month") as string, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(date.GetValueOrDefault("day") as string, CultureInfo.InvariantCulture, out var day)
            && year is > 1900 and < 3000 && month is >= 1 and <= 12
            && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        throw new RestLiException("A date must be (year:YYYY,month:M,day:D).");
    }

    private static string Required(IReadOnlyDictionary<string, string> raw, string name) =>
        raw.TryGetValue(name, out var value) && value.Length > 0
            ? RestLi.Decode(value)
            : throw new RestLiException($"Missing required parameter '{name}'.");
}
