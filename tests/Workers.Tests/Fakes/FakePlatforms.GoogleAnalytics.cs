using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>The GA4 Data API's runReport: offset paging, string values, <c>YYYYMMDD</c> dates.</summary>
public sealed partial class FakePlatforms
{
    public const string AnalyticsProperty = "properties/123456";

    private void MapAnalytics(WebApplication app) =>
        app.MapPost("/google/analyticsdata/{**path}", RunReportAsync);

    private async Task<IResult> RunReportAsync(string path, HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => GoogleError(401, "UNAUTHENTICATED", null));
        if (account is null)
        {
            return refusal!;
        }

        if (path != $"v1beta/{AnalyticsProperty}:runReport")
        {
            return GoogleError(404, "NOT_FOUND", null);
        }

        if (account.AnalyticsDailyQuotaSpent || account.NextIsThrottled())
        {
            var bucket = account.AnalyticsDailyQuotaSpent ? "per day" : "per hour";
            return FakeServer.Json(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = 429,
                    ["message"] = $"Exhausted property tokens {bucket} for a property.",
                    ["status"] = "RESOURCE_EXHAUSTED",
                },
            }, 429);
        }

        var body = (await JsonNode.ParseAsync(request.Body))!;
        var range = body["dateRanges"]![0]!;
        var from = DateOnly.Parse(range["startDate"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var to = DateOnly.Parse(range["endDate"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var limit = int.Parse(body["limit"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var offset = int.Parse(body["offset"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var metrics = body["metrics"]!.AsArray().Select(metric => metric!["name"]!.GetValue<string>()).ToList();
        lock (account)
        {
            var rows = account.Analytics.Where(row => row.Date >= from && row.Date <= to)
                .OrderBy(row => row.Date).ThenBy(row => row.Channel, StringComparer.Ordinal).ToList();
            var result = new JsonObject
            {
                ["dimensionHeaders"] = new JsonArray(Header("date"), Header("sessionDefaultChannelGroup")),
                ["metricHeaders"] = new JsonArray([.. metrics.Select(Header)]),
                ["rows"] = new JsonArray([.. rows.Skip(offset).Take(limit).Select(row => AnalyticsRow(row, metrics))]),
                ["metadata"] = new JsonObject { ["currencyCode"] = "USD", ["timeZone"] = "America/New_York" },
                ["propertyQuota"] = new JsonObject
                {
                    ["tokensPerDay"] = new JsonObject { ["consumed"] = 10, ["remaining"] = 199_000 },
                    ["tokensPerHour"] = new JsonObject { ["consumed"] = 10, ["remaining"] = 39_000 },
                },
                ["kind"] = "analyticsData#runReport",
            };
            if (rows.Count > 0)
            {
                result["rowCount"] = rows.Count;
            }

            return FakeServer.Json(result);
        }
    }

    private static JsonObject Header(string name) => new() { ["name"] = name };

    private static JsonObject AnalyticsRow(FakeChannelDay row, List<string> metrics)
    {
        var values = new Dictionary<string, string>
        {
            ["sessions"] = Text(row.Sessions),
            ["totalUsers"] = Text(row.TotalUsers),
            ["newUsers"] = Text(row.NewUsers),
            ["screenPageViews"] = Text(row.Views),
            ["conversions"] = Text(row.Conversions),
            ["engagementRate"] = Text(row.EngagementRate),
        };
        return new JsonObject
        {
            ["dimensionValues"] = new JsonArray(
                new JsonObject { ["value"] = row.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) },
                new JsonObject { ["value"] = row.Channel }),
            ["metricValues"] = new JsonArray([.. metrics.Select(name => new JsonObject { ["value"] = values[name] })]),
        };
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
