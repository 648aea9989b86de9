using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>Runs a parsed GAQL query over an account's generated data.</summary>
internal static class GoogleAdsQuery
{
    public static string StreamOf(GaqlQuery query) => query.Resource switch
    {
        "campaign" => GoogleAdsData.CampaignDaily,
        "ad_group" => GoogleAdsData.AdGroupDaily,
        _ => "customer",
    };

    public static IReadOnlyList<AdsRow> Run(Account account, GaqlQuery query, DateTimeOffset now)
    {
        var days = GoogleAdsData.Days(now)
            .Where(d => (query.From is null || d >= query.From) && (query.To is null || d <= query.To))
            .ToList();
        var rows = Entities(account, query)
            .SelectMany(e => query.Daily
                ? days.Select(d => e with { Date = d, Metrics = Metrics(account, query, e, d) })
                : [e with { Metrics = Sum(days.Select(d => Metrics(account, query, e, d))) }])
            .Where(r => query.Filters.All(f => Matches(r, f)));
        rows = Order(rows, query);
        return (query.Limit is { } limit ? rows.Take(limit) : rows).ToList();
    }

    private static IEnumerable<AdsRow> Entities(Account account, GaqlQuery query)
    {
        var empty = new AdsMetrics(0, 0, 0, 0, 0);
        return query.Resource switch
        {
            "campaign" => GoogleAdsData.Campaigns(account)
                .Select(c => new AdsRow(account.Id, account.Name, c, null, null, empty)),
            "ad_group" => GoogleAdsData.AdGroups(account)
                .Select(g => new AdsRow(account.Id, account.Name, g.Campaign, g, null, empty)),
            _ => [new AdsRow(account.Id, account.Name, null, null, null, empty)],
        };
    }

    private static AdsMetrics Metrics(Account account, GaqlQuery query, AdsRow row, DateOnly day)
    {
        var id = row.AdGroup?.Id ?? row.Campaign?.Id ?? long.Parse(account.Id, CultureInfo.InvariantCulture);
        return GoogleAdsData.Metrics(account, StreamOf(query), id, day);
    }

    private static AdsMetrics Sum(IEnumerable<AdsMetrics> metrics) => metrics.Aggregate(
        new AdsMetrics(0, 0, 0, 0, 0),
        (a, b) => new AdsMetrics(a.Impressions + b.Impressions, a.Clicks + b.Clicks, a.CostMicros + b.CostMicros,
            Math.Round(a.Conversions + b.Conversions, 2), Math.Round(a.Value + b.Value, 2)));

    private static bool Matches(AdsRow row, GaqlFilter filter)
    {
        var actual = GaqlFields.Text(row, filter.Field);
        var numeric = double.TryParse(actual, CultureInfo.InvariantCulture, out var a)
            & double.TryParse(filter.Value, CultureInfo.InvariantCulture, out var b);
        var compare = numeric ? a.CompareTo(b) : string.CompareOrdinal(actual, filter.Value);
        return filter.Operator switch
        {
            "=" => compare == 0,
            "!=" => compare != 0,
            ">" => compare > 0,
            ">=" => compare >= 0,
            "<" => compare < 0,
            "<=" => compare <= 0,
            _ => actual.Contains(filter.Value.Trim('%'), StringComparison.OrdinalIgnoreCase),
        };
    }

    private static IEnumerable<AdsRow> Order(IEnumerable<AdsRow> rows, GaqlQuery query)
    {
        if (query.OrderBy.Count == 0)
        {
            return rows;
        }

        IOrderedEnumerable<AdsRow>? ordered = null;
        foreach (var (field, descending) in query.OrderBy)
        {
            Func<AdsRow, IComparable> key = r =>
                double.TryParse(GaqlFields.Text(r, field), CultureInfo.InvariantCulture, out var n)
                ? n
                : GaqlFields.Text(r, field);
            ordered = ordered is null
                ? descending ? rows.OrderByDescending(key) : rows.OrderBy(key)
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        return ordered!;
    }
}
