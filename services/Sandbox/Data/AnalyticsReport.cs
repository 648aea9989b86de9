using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed class GaRequestException(string message) : Exception(message);

internal sealed record GaOrder(string Name, bool IsMetric, bool Descending);

/// <summary>The parts of a runReport request the sandbox honours.</summary>
internal sealed record GaReportRequest(
    IReadOnlyList<(DateOnly From, DateOnly To)> Ranges,
    IReadOnlyList<string> Dimensions,
    IReadOnlyList<string> Metrics,
    long Limit,
    long Offset,
    bool ReturnPropertyQuota,
    IReadOnlyList<GaOrder> OrderBys);

internal sealed record GaRow(IReadOnlyList<string> Dimensions, IReadOnlyList<string> Metrics);

/// <summary>Parses a runReport body and aggregates the property's cells into report rows.</summary>
internal static partial class AnalyticsReport
{
    public const long DefaultLimit = 10_000;
    public const long MaxLimit = 250_000;

    public static GaReportRequest Parse(JsonNode? body, DateOnly today)
    {
        if (body is null)
        {
            throw new GaRequestException("The request body must be a JSON object.");
        }

        var ranges = (body["dateRanges"] as JsonArray ?? [])
            .Select(r => (From: ParseDate(r?["startDate"], today), To: ParseDate(r?["endDate"], today)))
            .ToList();
        if (ranges.Count is 0 or > 4 || ranges.Any(r => r.From > r.To))
        {
            throw new GaRequestException("Between 1 and 4 dateRanges with startDate <= endDate are required.");
        }

        var dimensions = Names(body["dimensions"]);
        var metrics = Names(body["metrics"]);
        CheckNames(dimensions, metrics);
        var limit = ReadLong(body["limit"], DefaultLimit, "limit");
        var offset = ReadLong(body["offset"], 0, "offset");
        if (limit == 0)
        {
            limit = DefaultLimit;
        }

        var quota = body["returnPropertyQuota"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        return new GaReportRequest(
            ranges, dimensions, metrics, Math.Min(limit, MaxLimit), offset, quota, Orders(body["orderBys"]));
    }

    /// <summary>All rows of the report, ordered; the dateRange dimension is appended with several ranges.</summary>
    public static IReadOnlyList<GaRow> Run(Account account, GaReportRequest request, DateTimeOffset now)
    {
        var days = GoogleAdsData.Days(now);
        var cells = AnalyticsData.Cells(account, days).ToList();
        var rows = new List<(string[] Dims, GaTotals Totals)>();
        for (var r = 0; r < request.Ranges.Count; r++)
        {
            var (from, to) = request.Ranges[r];
            var label = $"date_range_{r}";
            rows.AddRange(cells
                .Where(c => c.Date >= from && c.Date <= to)
                .GroupBy(c => string.Join('\u001f', request.Dimensions.Select(c.Dimension)), StringComparer.Ordinal)
                .Select(g => (
                    Dims: request.Dimensions.Select(g.First().Dimension)
                        .Concat(request.Ranges.Count > 1 ? [label] : [])
                        .ToArray(),
                    Totals: g.Aggregate(GaTotals.Zero, (sum, c) => sum.Add(c.Totals)))));
        }

        var built = rows
            .Select(r => new GaRow(
                r.Dims, request.Metrics.Select(m => AnalyticsData.Metrics[m].Value(r.Totals)).ToList()))
            .ToList();
        return Order(built, request);
    }

    public static IReadOnlyList<string> DimensionHeaders(GaReportRequest request) =>
        request.Ranges.Count > 1 ? [.. request.Dimensions, "dateRange"] : request.Dimensions;

    private static List<GaRow> Order(List<GaRow> rows, GaReportRequest request)
    {
        IOrderedEnumerable<GaRow> ordered = rows.OrderBy(_ => 0);
        foreach (var order in request.OrderBys)
        {
            var index = order.IsMetric
                ? request.Metrics.ToList().IndexOf(order.Name)
                : DimensionHeaders(request).ToList().IndexOf(order.Name);
            if (index < 0)
            {
                throw new GaRequestException($"orderBys refers to '{order.Name}', which is not in the request.");
            }

            ordered = order.IsMetric
                ? Then(ordered, r => double.Parse(r.Metrics[index], CultureInfo.InvariantCulture), order.Descending)
                : Then(ordered, r => r.Dimensions[index], order.Descending);
        }

        for (var i = 0; i < DimensionHeaders(request).Count; i++)
        {
            var index = i;
            ordered = ordered.ThenBy(r => r.Dimensions[index], StringComparer.Ordinal);
        }

        return [.. ordered];
    }

    private static IOrderedEnumerable<GaRow> Then<TKey>(
        IOrderedEnumerable<GaRow> rows, Func<GaRow, TKey> key, bool descending) =>
        descending ? rows.ThenByDescending(key) : rows.ThenBy(key);

    private static void CheckNames(IReadOnlyList<string> dimensions, IReadOnlyList<string> metrics)
    {
        if (metrics.Count == 0 && dimensions.Count == 0)
        {
            throw new GaRequestException("At least one dimension or metric is required.");
        }

        if (dimensions.FirstOrDefault(d => !AnalyticsData.Dimensions.Contains(d)) is { } dimension)
        {
            throw new GaRequestException(
                $"Field {dimension} is not a valid dimension. For a list of valid dimensions and metrics, "
                + "see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema");
        }

        if (metrics.FirstOrDefault(m => !AnalyticsData.Metrics.ContainsKey(m)) is { } metric)
        {
            throw new GaRequestException(
                $"Field {metric} is not a valid metric. For a list of valid dimensions and metrics, "
                + "see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema");
        }

        if (dimensions.Count > 9 || metrics.Count > 10)
        {
            throw new GaRequestException("Requests are limited to 9 dimensions and 10 metrics.");
        }
    }

    private static List<string> Names(JsonNode? list) =>
        (list as JsonArray ?? [])
        .Select(n => n?["name"]?.GetValue<string>() ?? throw new GaRequestException("Every entry needs a name."))
        .ToList();

    private static List<GaOrder> Orders(JsonNode? list) =>
        (list as JsonArray ?? [])
        .Select(o =>
        {
            var descending = o?["desc"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            if (o?["metric"]?["metricName"]?.GetValue<string>() is { } metric)
            {
                return new GaOrder(metric, true, descending);
            }

            return o?["dimension"]?["dimensionName"]?.GetValue<string>() is { } dimension
                ? new GaOrder(dimension, false, descending)
                : throw new GaRequestException("Each orderBys entry needs a metric or a dimension.");
        })
        .ToList();

    private static long ReadLong(JsonNode? node, long fallback, string name)
    {
        if (node is null)
        {
            return fallback;
        }

        var text = node.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? node.GetValue<string>()
            : node.ToJsonString();
        return long.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new GaRequestException($"{name} must be a non-negative integer.");
    }

    private static DateOnly ParseDate(JsonNode? node, DateOnly today)
    {
        var text = node?.GetValue<string>() ?? "";
        if (text == "today")
        {
            return today;
        }

        if (text == "yesterday")
        {
            return today.AddDays(-1);
        }

        var ago = DaysAgo().Match(text);
        if (ago.Success)
        {
            return today.AddDays(-int.Parse(ago.Groups["n"].Value, CultureInfo.InvariantCulture));
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new GaRequestException(
                $"Invalid date '{text}': use YYYY-MM-DD, today, yesterday or NdaysAgo.");
    }

    [GeneratedRegex(@"^(?<n>\d{1,4})daysAgo$")]
    private static partial Regex DaysAgo();
}
