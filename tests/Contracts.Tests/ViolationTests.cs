using System.Net;
using System.Text;

namespace Connectors.ContractChecks;

/// <summary>
/// The checks bite: a request that breaks the vendor's description, sent through the same proxy the product
/// uses, is refused by the third-party tool and never reaches the sandbox.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed class ViolationTests(ContractsFixture fixture)
{
    private const string AdsSearch = "/v25/customers/1234567890/googleAds:search";

    public static TheoryData<string, string, string, string?> Violations => new()
    {
        // Stripe: `limit` is an integer; subscription `status` is an enum; an undescribed path.
        { "stripe", "GET", "/v1/charges?limit=ten", null },
        { "stripe", "GET", "/v1/subscriptions?status=everything", null },
        { "stripe", "GET", "/v1/charge", null },
        // Google Analytics Data API: `dateRanges` is an array of DateRange.
        { "analyticsdata", "POST", "/v1beta/properties/123456789:runReport", """{"dateRanges":"last week"}""" },
        // Google Ads: page_size is refused by the API; unknown fields are not part of SearchGoogleAdsRequest.
        { "google-ads", "POST", AdsSearch, """{"query":"SELECT campaign.id FROM campaign","pageSize":100}""" },
        { "google-ads", "POST", AdsSearch, """{"query":"SELECT campaign.id FROM campaign","pageLimit":5}""" },
        { "google-ads", "POST", AdsSearch, """{"pageToken":"abc"}""" },
        // Meta: an insights param the AdAccount node does not list, a field AdsInsights lacks, a non-integer limit.
        { "meta-graph", "GET", "/v25.0/act_1234567890/insights?level=ad&page_size=50", null },
        { "meta-graph", "GET", "/v25.0/act_1234567890/insights?fields=ad_id,revenue_per_click", null },
        { "meta-graph", "GET", "/v25.0/act_1234567890/insights?limit=many", null },
        // QuickBooks: an entity the schema lacks, a field Invoice lacks, a time that is no xs:dateTime, a CDC
        // entity the schema lacks.
        { "quickbooks-xsd", "GET", QuickBooksQuery("SELECT * FROM Invoise STARTPOSITION 1 MAXRESULTS 10"), null },
        { "quickbooks-xsd", "GET", QuickBooksQuery("SELECT * FROM Invoice WHERE MetaData.LastChanged >= "
            + "'2026-01-01T00:00:00-07:00'"), null },
        { "quickbooks-xsd", "GET", QuickBooksQuery("SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime >= "
            + "'01/01/2026'"), null },
        { "quickbooks-xsd", "GET",
            "/v3/company/9130350000000001/cdc?entities=Invoices&changedSince=2026-01-01T00:00:00-07:00", null },
    };

    private static string QuickBooksQuery(string statement) =>
        $"/v3/company/9130350000000001/query?query={Uri.EscapeDataString(statement)}&minorversion=75";

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Request_ViolatingTheDescription_IsRefusedAndNotForwarded(
        string proxyName, string method, string pathAndQuery, string? json)
    {
        var proxy = fixture.Proxies.Single(candidate => candidate.Name == proxyName);
        var mark = proxy.Mark();
        using var client = new HttpClient { BaseAddress = proxy.Url, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", "sk_test_contract_violation");

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound,
            $"{proxyName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await proxy.WhenAsync(p => p.Requests(mark).Count > 0 && p.Violations(mark).Count > 0);
        var seen = Assert.Single(proxy.Requests(mark));
        Assert.False(seen.Forwarded);
        Assert.NotEmpty(proxy.Violations(mark));
    }

    [Fact]
    public async Task Request_FollowingTheDescription_IsForwarded()
    {
        var mark = fixture.Stripe.Mark();
        using var client = new HttpClient { BaseAddress = fixture.Stripe.Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk_test_sandbox_default");

        using var response = await client.GetAsync("/v1/charges?limit=3&created%5Bgte%5D=1700000000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fixture.Stripe.WhenAsync(p => p.Requests(mark) is [{ Forwarded: true }]);
        var seen = Assert.Single(fixture.Stripe.Requests(mark));
        Assert.True(seen.Forwarded);
        Assert.Empty(fixture.Stripe.Violations(mark));
    }
}
