using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Sandbox.Tests;

public sealed class LinkedInApiTests : IDisposable
{
    private static readonly Dictionary<string, string> Headers = new()
    {
        ["LinkedIn-Version"] = "202606",
        ["X-Restli-Protocol-Version"] = "2.0.0",
    };

    private readonly SandboxClient _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task AdAnalytics_DailyCampaignPivot_ReturnsEveryAdminKeyOnce()
    {
        var token = await TokenAsync("507400001");
        var expected = await _sandbox.AdminAsync(HttpMethod.Get, "/linkedin_ads/accounts/507400001");

        var (status, body, _) = await _sandbox.GetWithHeadersAsync(
            Path("507400001", "dateRange,pivotValues,impressions,clicks,costInLocalCurrency"), token, Headers);

        Assert.Equal(HttpStatusCode.OK, status);
        var elements = body["elements"]!.AsArray();
        Assert.Equal(JsonValueKind.String, elements[0]!["costInLocalCurrency"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, elements[0]!["clicks"]!.GetValueKind());
        Assert.Equal(SandboxClient.Keys(expected, "campaign_daily").Order(), elements.Select(Key).Order());
    }

    [Fact]
    public async Task AdAnalytics_MoreElementsThanConfiguredCap_SilentlyTruncated()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Put, "/linkedin_ads/accounts/507400002", new { limits = new { maxElements = 100 } });
        var token = await TokenAsync("507400002");

        var (status, body, _) = await _sandbox.GetWithHeadersAsync(Path("507400002", "dateRange,pivotValues,clicks"),
            token, Headers);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(100, body["elements"]!.AsArray().Count);
        Assert.Null(body["paging"]!["total"]);
    }

    [Fact]
    public async Task AdAnalytics_TwentyOneMetrics_Refused()
    {
        var token = await TokenAsync("507400003");
        var metrics = "impressions,clicks,costInLocalCurrency,costInUsd,landingPageClicks,externalWebsiteConversions,"
            + "externalWebsitePostClickConversions,externalWebsitePostViewConversions,conversionValueInLocalCurrency,"
            + "likes,shares,comments,follows,reactions,totalEngagements,otherEngagements,videoViews,videoStarts,"
            + "videoCompletions,oneClickLeads,opens";

        var (status, body, _) = await _sandbox.GetWithHeadersAsync(Path("507400003", metrics), token, Headers);
        var (twentyStatus, _, _) = await _sandbox.GetWithHeadersAsync(
            Path("507400003", metrics[..metrics.LastIndexOf(',')]), token, Headers);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, twentyStatus);
    }

    [Fact]
    public async Task AdAnalytics_MissingOrSunsetVersion_Refused()
    {
        var token = await TokenAsync("507400004");

        var (missing, missingBody, _) = await _sandbox.GetWithHeadersAsync(
            Path("507400004", "clicks"),
            token,
            new Dictionary<string, string> { ["X-Restli-Protocol-Version"] = "2.0.0" });
        var (sunset, sunsetBody, _) = await _sandbox.GetWithHeadersAsync(
            Path("507400004", "clicks"),
            token,
            new Dictionary<string, string>
            {
                ["LinkedIn-Version"] = "202401",
                ["X-Restli-Protocol-Version"] = "2.0.0",
            });

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("VERSION_MISSING", missingBody["code"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)426, sunset);
        Assert.Equal("NONEXISTENT_VERSION", sunsetBody["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AdAnalytics_RateLimitFault_Answers429WithoutRateHeaders()
    {
        await _sandbox.AdminAsync(HttpMethod.Post, "/linkedin_ads/accounts/507400005/faults",
            new { kind = "rate_limit", stream = "campaign_daily", retryAfterSeconds = 30 });
        var token = await TokenAsync("507400005");

        var (status, body, headers) = await _sandbox.GetWithHeadersAsync(Path("507400005", "clicks"), token, Headers);

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal(429, body["status"]!.GetValue<int>());
        Assert.Null(headers.RetryAfter);
        Assert.DoesNotContain(headers, h => h.Key.Contains("RateLimit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AdAnalytics_RevokedToken_Answers401RevokedAccessToken()
    {
        var token = await TokenAsync("507400006");
        await _sandbox.PostFormAsync("/linkedin/www/oauth/v2/revoke", new()
        {
            ["client_id"] = "sandbox-linkedin-client",
            ["client_secret"] = "sandbox-linkedin-secret",
            ["token"] = token,
        });

        var (status, body, _) = await _sandbox.GetWithHeadersAsync(Path("507400006", "clicks"), token, Headers);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(65601, body["serviceErrorCode"]!.GetValue<int>());
        Assert.Equal("REVOKED_ACCESS_TOKEN", body["code"]!.GetValue<string>());
    }

    private async Task<string> TokenAsync(string account) =>
        (await _sandbox.LinkedInTokenAsync(account))["access_token"]!.GetValue<string>();

    private static string Path(string account, string fields)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = today.AddDays(-90);
        return "/linkedin/api/rest/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
            + $"&dateRange=(start:(year:{start.Year},month:{start.Month},day:{start.Day}),"
            + $"end:(year:{today.Year},month:{today.Month},day:{today.Day}))"
            + $"&accounts=List(urn%3Ali%3AsponsoredAccount%3A{account})&fields={fields}";
    }

    private static string Key(JsonNode? element)
    {
        var start = element!["dateRange"]!["start"]!;
        var date = new DateOnly(
            start["year"]!.GetValue<int>(), start["month"]!.GetValue<int>(), start["day"]!.GetValue<int>());
        return $"{element["pivotValues"]![0]!.GetValue<string>()}|{date:yyyy-MM-dd}";
    }
}
