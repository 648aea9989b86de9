using System.Net;

namespace Connectors.Sandbox.Tests;

public sealed class DataApiTests : IDisposable
{
    private const string Query =
        "SELECT campaign.id, campaign.name, segments.date, metrics.clicks, metrics.cost_micros FROM campaign "
        + "WHERE segments.date BETWEEN '2000-01-01' AND '2100-01-01' ORDER BY campaign.id";

    private readonly SandboxClient _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task GoogleAdsSearch_SmallPages_NextPageTokenWalksAllRowsWithStringInt64()
    {
        await _sandbox.AdminAsync(HttpMethod.Put, "/google_ads/accounts/2000000001", new { pageSize = 200 });
        var token = await _sandbox.GoogleAdsTokenAsync("2000000001");
        var expected = await _sandbox.AdminAsync(HttpMethod.Get, "/google_ads/accounts/2000000001");
        var keys = new List<string>();
        string? pageToken = null;
        var pages = 0;

        do
        {
            var (status, body) = await _sandbox.PostJsonAsync(
                "/google/ads/v26/customers/2000000001/googleAds:search", new { query = Query, pageToken }, token);
            Assert.Equal(HttpStatusCode.OK, status);
            var rows = body["results"]!.AsArray();
            Assert.Equal(System.Text.Json.JsonValueKind.String, rows[0]!["metrics"]!["costMicros"]!.GetValueKind());
            keys.AddRange(rows.Select(r =>
                $"{r!["campaign"]!["id"]!.GetValue<string>()}|{r["segments"]!["date"]!.GetValue<string>()}"));
            pageToken = body["nextPageToken"]?.GetValue<string>();
            pages++;
        }
        while (pageToken is not null);

        var expectedKeys = expected["streams"]!["campaign_daily"]!["keys"]!
            .AsArray()
            .Select(k => k!.GetValue<string>());
        Assert.Equal(455, keys.Count);
        Assert.Equal(3, pages);
        Assert.Equal(expectedKeys.Order(), keys.Order());
    }

    [Fact]
    public async Task GoogleAdsSearch_BadQuery_InvalidArgument()
    {
        var token = await _sandbox.GoogleAdsTokenAsync("2000000002");

        var (status, body) = await _sandbox.PostJsonAsync(
            "/google/ads/v26/customers/2000000002/googleAds:search",
            new { query = "SELECT nothing.here FROM campaign" },
            token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", body["error"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task GoogleAdsSearch_RateLimitFaultAtPage2_Answers429WithRetryDelay()
    {
        await _sandbox.AdminAsync(HttpMethod.Put, "/google_ads/accounts/2000000003", new { pageSize = 100 });
        await _sandbox.AdminAsync(HttpMethod.Post, "/google_ads/accounts/2000000003/faults",
            new { kind = "rate_limit", stream = "campaign_daily", atPage = 2, retryAfterSeconds = 7 });
        var token = await _sandbox.GoogleAdsTokenAsync("2000000003");
        var path = "/google/ads/v26/customers/2000000003/googleAds:search";
        var (_, first) = await _sandbox.PostJsonAsync(path, new { query = Query }, token);
        var next = first["nextPageToken"]!.GetValue<string>();

        var (status, body) = await _sandbox.PostJsonAsync(path, new { query = Query, pageToken = next }, token);
        var (retryStatus, _) = await _sandbox.PostJsonAsync(path, new { query = Query, pageToken = next }, token);

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal("RESOURCE_EXHAUSTED", body["error"]!["status"]!.GetValue<string>());
        var detail = body["error"]!["details"]![0]!["errors"]![0]!["details"]!["quotaErrorDetails"]!;
        Assert.Equal("7s", detail["retryDelay"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, retryStatus);
    }

    [Fact]
    public async Task HubSpotList_PagingWithAfter_ReturnsEveryContactOnce()
    {
        var token = await _sandbox.HubSpotTokenAsync("30000001");
        var ids = new List<string>();
        string? after = null;

        do
        {
            var (status, body) = await _sandbox.GetAsync(
                "/hubspot/api/crm/v3/objects/contacts?limit=100" + (after is null ? "" : "&after=" + after), token);
            Assert.Equal(HttpStatusCode.OK, status);
            ids.AddRange(body["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
            after = body["paging"]?["next"]?["after"]?.GetValue<string>();
        }
        while (after is not null);

        Assert.Equal(250, ids.Count);
        Assert.Equal(250, ids.Distinct().Count());
    }

    [Fact]
    public async Task HubSpotSearch_PastTenThousand_Answers400()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Put, "/hubspot/accounts/30000002", new { sizes = new { contacts = 10_050 } });
        var token = await _sandbox.HubSpotTokenAsync("30000002");
        var path = "/hubspot/api/crm/v3/objects/contacts/search";

        var (okStatus, ok) = await _sandbox.PostJsonAsync(path, new { limit = 200, after = "9800" }, token);
        var (status, body) = await _sandbox.PostJsonAsync(path, new { limit = 200, after = "10000" }, token);

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(10_050, ok["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HubSpotMutations_UpdateAndCreate_VisibleInSearchSinceTimestamp()
    {
        var token = await _sandbox.HubSpotTokenAsync("30000003");
        var since = DateTimeOffset.UtcNow
            .AddSeconds(-1)
            .ToUnixTimeMilliseconds()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

        var mutation = await _sandbox.AdminAsync(HttpMethod.Post, "/hubspot/accounts/30000003/mutations",
            new { stream = "deals", update = 3, create = 2 });
        var (_, body) = await _sandbox.PostJsonAsync("/hubspot/api/crm/v3/objects/deals/search", new
        {
            filterGroups = new[]
            {
                new
                {
                    filters = new[] { new { propertyName = "hs_lastmodifieddate", @operator = "GTE", value = since } },
                },
            },
            sorts = new[] { new { propertyName = "hs_lastmodifieddate", direction = "ASCENDING" } },
            limit = 100,
        }, token);
        var account = await _sandbox.AdminAsync(HttpMethod.Get, "/hubspot/accounts/30000003");

        var changed = mutation["updated"]!
            .AsArray()
            .Concat(mutation["created"]!.AsArray())
            .Select(k => k!.GetValue<string>());
        Assert.Equal(5, body["total"]!.GetValue<int>());
        Assert.Equal(changed.Order(), body["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Order());
        Assert.Equal(122, account["streams"]!["deals"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task StripeCharges_StartingAfterPaging_NewestFirstAndComplete()
    {
        var ids = new List<string>();
        var created = new List<long>();
        string? after = null;
        var basic = SandboxClient.Basic("sk_test_sandbox_default", "");

        do
        {
            var (status, body) = await _sandbox.GetAsync(
                "/stripe/api/v1/charges?limit=100" + (after is null ? "" : "&starting_after=" + after), auth: basic);
            Assert.Equal(HttpStatusCode.OK, status);
            var data = body["data"]!.AsArray();
            ids.AddRange(data.Select(c => c!["id"]!.GetValue<string>()));
            created.AddRange(data.Select(c => c!["created"]!.GetValue<long>()));
            after = body["has_more"]!.GetValue<bool>() ? ids[^1] : null;
        }
        while (after is not null);

        Assert.Equal(300, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("ch_", id, StringComparison.Ordinal));
        Assert.Equal(created.OrderDescending(), created);
    }

    [Fact]
    public async Task StripeCharges_CreatedFilter_OnlyMatchingObjects()
    {
        var (_, all) = await _sandbox.GetAsync("/stripe/api/v1/charges?limit=100", "sk_test_sandbox_default");
        var pivot = all["data"]![50]!["created"]!.GetValue<long>();

        var (_, body) = await _sandbox.GetAsync(
            $"/stripe/api/v1/charges?limit=100&created[gte]={pivot}", "sk_test_sandbox_default");

        var data = body["data"]!.AsArray();
        Assert.Equal(51, data.Count);
        Assert.All(data, c => Assert.True(c!["created"]!.GetValue<long>() >= pivot));
    }

    [Fact]
    public async Task StripeCharges_EndingBefore_ServesTheObjectsJustBeforeTheCursor()
    {
        var ids = new List<string>();
        for (string? after = null; ;)
        {
            var (_, page) = await _sandbox.GetAsync("/stripe/api/v1/charges?limit=100"
                + (after is null ? "" : "&starting_after=" + after), "sk_test_sandbox_default");
            ids.AddRange(page["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
            after = page["has_more"]!.GetValue<bool>() ? ids[^1] : null;
            if (after is null)
            {
                break;
            }
        }

        var (_, middle) = await _sandbox.GetAsync(
            $"/stripe/api/v1/charges?limit=10&ending_before={ids[150]}", "sk_test_sandbox_default");
        var (_, head) = await _sandbox.GetAsync(
            $"/stripe/api/v1/charges?limit=10&ending_before={ids[5]}", "sk_test_sandbox_default");

        Assert.Equal(ids[140..150], middle["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.True(middle["has_more"]!.GetValue<bool>());
        Assert.Equal(ids[..5], head["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.False(head["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StripeCharges_LargeAccount_PagesAnywhereInTheListThenShowsANewChargeFirst()
    {
        var account = await _sandbox.AdminAsync(HttpMethod.Put, "/stripe/accounts/acct_large",
            new { sizes = new { charges = 200_000 } });
        await _sandbox.AdminAsync(HttpMethod.Post, "/stripe/keys",
            new { key = "sk_test_large_account", accountId = "acct_large" });
        var keys = SandboxClient.Keys(account, "charges").ToList();
        var (_, first) = await _sandbox.GetAsync("/stripe/api/v1/charges?limit=100", "sk_test_large_account");
        Assert.Equal(100, first["data"]!.AsArray().Count);

        var newest = first["data"]![0]!["created"]!.GetValue<long>();
        for (var i = 0; i < 20; i++)
        {
            var cursor = keys[1_000 + (i * 9_973)];
            var (_, after) = await _sandbox.GetAsync(
                $"/stripe/api/v1/charges?limit=100&starting_after={cursor}", "sk_test_large_account");
            var data = after["data"]!.AsArray();
            Assert.NotEmpty(data);
            var (_, before) = await _sandbox.GetAsync(
                $"/stripe/api/v1/charges?limit=1&ending_before={data[0]!["id"]}", "sk_test_large_account");
            Assert.Equal(cursor, before["data"]![0]!["id"]!.GetValue<string>());
            Assert.All(data, c => Assert.True(c!["created"]!.GetValue<long>() <= newest));
        }

        var created = await _sandbox.AdminAsync(HttpMethod.Post, "/stripe/accounts/acct_large/mutations",
            new { stream = "charges", create = 1 });
        var (_, again) = await _sandbox.GetAsync("/stripe/api/v1/charges?limit=2", "sk_test_large_account");
        Assert.Equal(created["created"]![0]!.GetValue<string>(), again["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(first["data"]![0]!["id"]!.GetValue<string>(), again["data"]![1]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task StripeAccount_BadKey_Answers401WithErrorObject()
    {
        var (status, body) = await _sandbox.GetAsync("/stripe/api/v1/account", "sk_test_unknown_key_123456");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("authentication_error", body["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task StripeFault_RateLimitAtPage2_Answers429RateLimit()
    {
        await _sandbox.AdminAsync(HttpMethod.Post, "/stripe/accounts/acct_1Sandbox000000/faults",
            new { kind = "rate_limit", stream = "customers", atPage = 2 });
        var (_, first) = await _sandbox.GetAsync("/stripe/api/v1/customers?limit=10", "sk_test_sandbox_default");
        var last = first["data"]![9]!["id"]!.GetValue<string>();

        var (status, body) = await _sandbox.GetAsync(
            $"/stripe/api/v1/customers?limit=10&starting_after={last}", "sk_test_sandbox_default");

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal("rate_limit", body["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequestLog_RefreshCalls_CountedWithoutSecrets()
    {
        await _sandbox.HubSpotTokenAsync("30000004");

        var log = await _sandbox.AdminAsync(HttpMethod.Get, "/requests?platform=hubspot&accountId=30000004");

        var entry = Assert.Single(log.AsArray());
        Assert.Equal("token", entry!["kind"]!.GetValue<string>());
        Assert.DoesNotContain("secret", log.ToJsonString(), StringComparison.Ordinal);
    }
}
