using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Sandbox.Tests;

public sealed class MetaApiTests : IDisposable
{
    private readonly SandboxClient _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Insights_CursorPaging_ReturnsEveryAdminKeyOnceWithStringNumbers()
    {
        var token = await _sandbox.MetaTokenAsync("act_800001");
        var expected = await _sandbox.AdminAsync(HttpMethod.Get, "/meta_ads/accounts/act_800001");
        var keys = new List<string>();
        string? path = "/meta/graph/v25.0/act_800001/insights?level=ad&fields=ad_id,impressions,spend,actions"
            + $"&time_range={Uri.EscapeDataString(TimeRange())}&time_increment=1&limit=200";
        var pages = 0;

        while (path is not null)
        {
            var (status, body) = await _sandbox.GetAsync(path, token);
            Assert.Equal(HttpStatusCode.OK, status);
            var data = body["data"]!.AsArray();
            Assert.Equal(JsonValueKind.String, data[0]!["impressions"]!.GetValueKind());
            keys.AddRange(data.Select(Key));
            path = body["paging"]!["next"] is { } next ? new Uri(next.GetValue<string>()).PathAndQuery : null;
            pages++;
        }

        Assert.Equal(4, pages);
        Assert.Equal(728, keys.Count);
        Assert.Equal(SandboxClient.Keys(expected, "ad_daily").Order(), keys.Order());
    }

    [Fact]
    public async Task ReportRun_PolledToCompletion_StatusesAdvanceAndInsightsPageCompletely()
    {
        var token = await _sandbox.MetaTokenAsync("act_800002");
        var expected = await _sandbox.AdminAsync(HttpMethod.Get, "/meta_ads/accounts/act_800002");
        using var start = new HttpRequestMessage(HttpMethod.Post, "/meta/graph/v25.0/act_800002/insights")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["level"] = "ad",
                ["fields"] = "ad_id,clicks",
                ["time_range"] = TimeRange(),
                ["time_increment"] = "1",
                ["access_token"] = token,
            }),
        };
        var (_, started) = await _sandbox.SendAsync(start);
        var runId = started["report_run_id"]!.GetValue<string>();
        var statuses = new List<string>();

        for (var poll = 0; poll < 10 && (statuses.Count == 0 || statuses[^1] != "Job Completed"); poll++)
        {
            var (_, run) = await _sandbox.GetAsync($"/meta/graph/v25.0/{runId}", token);
            statuses.Add(run["async_status"]!.GetValue<string>());
        }

        var keys = new List<string>();
        string? path = $"/meta/graph/v25.0/{runId}/insights?limit=500";
        while (path is not null)
        {
            var (_, body) = await _sandbox.GetAsync(path, token);
            keys.AddRange(body["data"]!.AsArray().Select(Key));
            path = body["paging"]!["next"] is { } next ? new Uri(next.GetValue<string>()).PathAndQuery : null;
        }

        Assert.Equal(["Job Not Started", "Job Started", "Job Running", "Job Completed"], statuses);
        Assert.Equal(SandboxClient.Keys(expected, "ad_daily").Order(), keys.Order());
    }

    [Fact]
    public async Task ReportRun_JobFailedFault_StatusJobFailed()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Post,
            "/meta_ads/accounts/act_800003/faults",
            new { kind = "job_failed", stream = "report_run", atPage = 2 });
        var token = await _sandbox.MetaTokenAsync("act_800003");
        var (_, started) = await _sandbox.PostJsonAsync(
            $"/meta/graph/v25.0/act_800003/insights?level=ad&access_token={token}", new { });
        var runId = started["report_run_id"]!.GetValue<string>();

        var (_, first) = await _sandbox.GetAsync($"/meta/graph/v25.0/{runId}", token);
        var (_, second) = await _sandbox.GetAsync($"/meta/graph/v25.0/{runId}", token);

        Assert.Equal("Job Not Started", first["async_status"]!.GetValue<string>());
        Assert.Equal("Job Failed", second["async_status"]!.GetValue<string>());
        Assert.NotNull(second["error_message"]);
    }

    [Fact]
    public async Task Insights_RateLimitFault_Code17WithFullUsageHeaders()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Post, "/meta_ads/accounts/act_800004/faults", new { kind = "rate_limit", atPage = 2 });
        var token = await _sandbox.MetaTokenAsync("act_800004");
        var path = "/meta/graph/v25.0/act_800004/insights?level=ad&fields=impressions";

        var (okStatus, _, okHeaders) = await _sandbox.GetWithHeadersAsync(path, token);
        var (status, body, headers) = await _sandbox.GetWithHeadersAsync(path, token);

        Assert.Equal(HttpStatusCode.OK, okStatus);
        var before = JsonNode.Parse(okHeaders.GetValues("X-Business-Use-Case-Usage").Single())!["800004"]![0]!;
        Assert.True(before["call_count"]!.GetValue<int>() < 100);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(17, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(2446079, body["error"]!["error_subcode"]!.GetValue<int>());
        var usage = JsonNode.Parse(headers.GetValues("X-Business-Use-Case-Usage").Single())!["800004"]![0]!;
        Assert.Equal(100, usage["call_count"]!.GetValue<int>());
        Assert.True(usage["estimated_time_to_regain_access"]!.GetValue<int>() > 0);
        Assert.Contains("acc_id_util_pct", headers.GetValues("X-Ad-Account-Usage").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdAccount_ExpiredToken_OAuthException190()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Post, "/meta_ads/accounts/act_800005/faults", new { kind = "expire_token", stream = "account" });
        var token = await _sandbox.MetaTokenAsync("act_800005");

        var (status, body) = await _sandbox.GetAsync("/meta/graph/v25.0/act_800005?fields=name,currency", token);
        var (afterStatus, after) = await _sandbox.GetAsync("/meta/graph/v25.0/act_800005?fields=name", token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(190, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, afterStatus);
        Assert.Equal(463, after["error"]!["error_subcode"]!.GetValue<int>());
    }

    private static string TimeRange()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return $"{{\"since\":\"{today.AddDays(-90):yyyy-MM-dd}\",\"until\":\"{today:yyyy-MM-dd}\"}}";
    }

    private static string Key(JsonNode? row) =>
        $"{row!["ad_id"]!.GetValue<string>()}|{row["date_start"]!.GetValue<string>()}";
}
