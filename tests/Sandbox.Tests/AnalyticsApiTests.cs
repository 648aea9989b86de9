using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Sandbox.Tests;

public sealed class AnalyticsApiTests : IDisposable
{
    private readonly SandboxClient _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task RunReport_OffsetPaging_ReturnsEveryAdminKeyOnceWithRowCount()
    {
        var token = await _sandbox.GoogleAnalyticsTokenAsync("700001");
        var expected = await _sandbox.AdminAsync(HttpMethod.Get, "/google_analytics/accounts/700001");
        var keys = new List<string>();
        var remaining = new List<int>();
        var offset = 0;
        int rowCount;

        do
        {
            var (status, body) = await _sandbox.PostJsonAsync(
                "/google/analyticsdata/v1beta/properties/700001:runReport", Report(offset, 200), token);
            Assert.Equal(HttpStatusCode.OK, status);
            rowCount = body["rowCount"]!.GetValue<int>();
            var rows = body["rows"]!.AsArray();
            Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r!["metricValues"]![0]!["value"]!.GetValueKind()));
            keys.AddRange(rows.Select(Key));
            remaining.Add(body["propertyQuota"]!["tokensPerDay"]!["remaining"]!.GetValue<int>());
            offset += 200;
        }
        while (offset < rowCount);

        Assert.Equal(546, rowCount);
        Assert.Equal(SandboxClient.Keys(expected, "daily_channels").Order(), keys.Order());
        Assert.Equal(remaining.OrderDescending(), remaining);
        Assert.True(remaining[^1] < remaining[0]);
    }

    [Fact]
    public async Task RunReport_DailyTokensUsedUp_Answers429ResourceExhausted()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Put, "/google_analytics/accounts/700002", new { limits = new { tokensPerDay = 12 } });
        var token = await _sandbox.GoogleAnalyticsTokenAsync("700002");
        var path = "/google/analyticsdata/v1beta/properties/700002:runReport";

        var (firstStatus, _) = await _sandbox.PostJsonAsync(path, Report(0, 100), token);
        var (secondStatus, _) = await _sandbox.PostJsonAsync(path, Report(100, 100), token);
        var (status, body) = await _sandbox.PostJsonAsync(path, Report(200, 100), token);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal(429, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal("RESOURCE_EXHAUSTED", body["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunReport_QuotaExhaustedFault_Answers429ResourceExhaustedOnce()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Post, "/google_analytics/accounts/700003/faults", new { kind = "quota_exhausted" });
        var token = await _sandbox.GoogleAnalyticsTokenAsync("700003");
        var path = "/google/analyticsdata/v1beta/properties/700003:runReport";

        var (status, body) = await _sandbox.PostJsonAsync(path, Report(0, 10), token);
        var (retryStatus, _) = await _sandbox.PostJsonAsync(path, Report(0, 10), token);

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal("RESOURCE_EXHAUSTED", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, retryStatus);
    }

    [Fact]
    public async Task Property_OwnProperty_ServesDisplayNameAndTimeZone()
    {
        var token = await _sandbox.GoogleAnalyticsTokenAsync("123456");

        var (status, body) = await _sandbox.GetAsync("/google/analyticsadmin/v1beta/properties/123456", token);
        var (otherStatus, _) = await _sandbox.GetAsync("/google/analyticsadmin/v1beta/properties/999", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("acme.com – GA4", body["displayName"]!.GetValue<string>());
        Assert.Equal("America/New_York", body["timeZone"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, otherStatus);
    }

    private static object Report(int offset, int limit) => new
    {
        dateRanges = new[] { new { startDate = "90daysAgo", endDate = "today" } },
        dimensions = new[] { new { name = "date" }, new { name = "sessionDefaultChannelGroup" } },
        metrics = new[] { new { name = "sessions" }, new { name = "totalUsers" }, new { name = "engagementRate" } },
        limit = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        offset = offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        returnPropertyQuota = true,
    };

    private static string Key(JsonNode? row)
    {
        var date = row!["dimensionValues"]![0]!["value"]!.GetValue<string>();
        var channel = row["dimensionValues"]![1]!["value"]!.GetValue<string>();
        return $"{date[..4]}-{date[4..6]}-{date[6..]}|{channel}";
    }
}
