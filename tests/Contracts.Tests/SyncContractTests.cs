using System.Net;
using System.Net.Http.Json;
using Connectors.Contracts;
using Connectors.Testing;

namespace Connectors.ContractChecks;

/// <summary>
/// A user connects and syncs; every platform call the product makes passes through a validating proxy that checks
/// it against the vendor's published description and refuses it (failing the sync) when it does not conform.
/// </summary>
[Collection(ContractsCollection.Name)]
public sealed class SyncContractTests(ContractsFixture fixture)
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Sync_StripeThroughPrism_LandsEveryRecordWithNoViolation()
    {
        var (_, api) = await fixture.NewProjectAsync("stripe contract");
        var account = "acct_" + Guid.NewGuid().ToString("N")[..16];
        var key = "sk_test_" + Guid.NewGuid().ToString("N");
        await fixture.Sandbox.ConfigureAccountAsync("stripe", account, new
        {
            name = "Contract Payments",
            sizes = new { charges = 25, customers = 12, invoices = 12, subscriptions = 6, balance_transactions = 25 },
        });
        await fixture.Sandbox.RegisterStripeKeyAsync(key, account);
        var mark = fixture.Stripe.Mark();

        var created = await api.PostAsJsonAsync(
            "/api/connectors", new { type = "stripe", credentials = new { apiKey = key } });
        var completions = await SyncAsync(api, 1);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stripe = Assert.Single(completions);
        Assert.Equal(SyncOutcome.Succeeded, stripe.Status);
        await AssertServedCountsAsync(stripe, account, datePartitioned: false);
        await fixture.Stripe.WhenAsync(p => p.Requests(mark).Count(r => r.Path == "/v1/balance_transactions") > 0);
        Assert.Empty(fixture.Stripe.Violations(mark));
        var requests = fixture.Stripe.Requests(mark);
        Assert.All(requests, request => Assert.True(request.Forwarded, $"{request.Path} was not forwarded"));
        string[] paths =
        [
            "/v1/account", "/v1/charges", "/v1/customers", "/v1/invoices", "/v1/subscriptions",
            "/v1/balance_transactions",
        ];
        Assert.Equal(paths.Order(), requests.Select(request => request.Path).Distinct().Order());
        Assert.True(requests.Count(request => request.Path == "/v1/charges") > 1, "charges were read in one page");
    }

    [Fact]
    public async Task Sync_GoogleAdsAnalyticsAndMetaThroughValidators_LandsEveryRecordWithNoViolation()
    {
        var (project, api) = await fixture.NewProjectAsync("oauth platforms contract");
        var ads = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString();
        var property = Random.Shared.Next(100_000_000, 999_999_999).ToString();
        var meta = "act_" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        await fixture.Sandbox.ConfigureAccountAsync("google_ads", ads,
            new { sizes = new { campaigns = 2, ad_groups_per_campaign = 2 }, pageSize = 20 });
        await fixture.Sandbox.ConfigureAccountAsync(
            "google_analytics", property, new { sizes = new { daily_channels = 3 } });
        await fixture.Sandbox.ConfigureAccountAsync("meta_ads", meta, new { sizes = new { ad_daily = 4 } });
        var marks = fixture.Proxies.ToDictionary(proxy => proxy.Name, proxy => proxy.Mark());
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);

        var landings = new[]
        {
            await browser.ConnectAsync("google_ads", ads),
            await browser.ConnectAsync("google_analytics", property),
            await browser.ConnectAsync("meta_ads", meta),
        };
        var completions = await SyncAsync(api, 3);

        Assert.All(landings, landing => Assert.Contains("connected=", landing.Query, StringComparison.Ordinal));
        Assert.All(completions, completion => Assert.Equal(SyncOutcome.Succeeded, completion.Status));
        await AssertServedCountsAsync(completions.Single(c => c.Type == "google_ads"), ads, datePartitioned: true);
        await AssertServedCountsAsync(
            completions.Single(c => c.Type == "google_analytics"), property, datePartitioned: true);
        await AssertServedCountsAsync(completions.Single(c => c.Type == "meta_ads"), meta, datePartitioned: true);
        foreach (var proxy in new ValidatingProxy[]
            { fixture.GoogleAds, fixture.AnalyticsData, fixture.AnalyticsAdmin, fixture.Meta })
        {
            Assert.Empty(proxy.Violations(marks[proxy.Name]));
            Assert.NotEmpty(proxy.Requests(marks[proxy.Name]));
            Assert.All(proxy.Requests(marks[proxy.Name]), request => Assert.True(request.Forwarded, request.Path));
        }

        var adsCalls = fixture.GoogleAds.Requests(marks[fixture.GoogleAds.Name]);
        Assert.Contains(adsCalls,
            call => call.Path.EndsWith("customers:listAccessibleCustomers", StringComparison.Ordinal));
        Assert.True(adsCalls.Count(call => call.Path.EndsWith("googleAds:search", StringComparison.Ordinal)) > 2,
            "Google Ads reports were read in single pages");
        var metaCalls = fixture.Meta.Requests(marks[fixture.Meta.Name]);
        Assert.Contains(metaCalls, call => call.Method == "GET"
            && call.Path.EndsWith("/me/adaccounts", StringComparison.Ordinal));
        Assert.Contains(metaCalls, call => call.Method == "POST"
            && call.Path.EndsWith($"/{meta}/insights", StringComparison.Ordinal));
        Assert.Contains(fixture.AnalyticsData.Requests(marks[fixture.AnalyticsData.Name]),
            call => call.Path == $"/v1beta/properties/{property}:runReport");
    }

    [Fact]
    public async Task Sync_QuickBooksQueriesThenChangeDataCapture_EveryRequestAndAnswerMatchesIntuitsSchema()
    {
        var (project, api) = await fixture.NewProjectAsync("quickbooks contract");
        var realm = "9130" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        await fixture.Sandbox.ConfigureAccountAsync(
            "quickbooks", realm, new { sizes = new { invoices = 25, customers = 12, payments = 15 } });
        var mark = fixture.QuickBooks.Mark();
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);

        var landing = await browser.ConnectAsync("quickbooks", realm);
        var full = Assert.Single(await SyncAsync(api, 1));
        await fixture.Sandbox.MutateAsync("quickbooks", realm, "invoices", update: 2, create: 1, delete: 1);
        var incremental = Assert.Single(await SyncAsync(api, 1));

        Assert.Contains("connected=quickbooks", landing.Query, StringComparison.Ordinal);
        Assert.Equal(SyncOutcome.Succeeded, full.Status);
        Assert.Equal(SyncOutcome.Succeeded, incremental.Status);
        await AssertServedCountsAsync(full, realm, datePartitioned: false);
        await fixture.QuickBooks.WhenAsync(
            p => p.Requests(mark).Any(r => r.Path.EndsWith("/cdc", StringComparison.Ordinal)));
        Assert.Empty(fixture.QuickBooks.Violations(mark));
        var requests = fixture.QuickBooks.Requests(mark);
        Assert.All(requests, request => Assert.True(request.Forwarded, $"{request.Path} was not forwarded"));
        Assert.Equal(
            [$"/v3/company/{realm}/cdc", $"/v3/company/{realm}/companyinfo/{realm}", $"/v3/company/{realm}/query"],
            requests.Select(request => request.Path).Distinct().Order());
        Assert.True(requests.Count(request => request.Path.EndsWith("/query", StringComparison.Ordinal)) > 3,
            "the queries were read in single pages");
    }

    private async Task<IReadOnlyList<SyncCompleted>> SyncAsync(HttpClient api, int connectors)
    {
        var response = await api.PostAsync("/api/sync/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncStartedResponse>())!;
        var completions = await fixture.Completions.WaitForAsync(started.SyncId, connectors, SyncTimeout);
        Assert.Equal(connectors, completions.Count);
        return completions;
    }

    private async Task AssertServedCountsAsync(SyncCompleted completion, string account, bool datePartitioned)
    {
        foreach (var stream in completion.Streams)
        {
            var since = datePartitioned && stream.WindowStart is { } start
                ? DateOnly.FromDateTime(start.UtcDateTime)
                : (DateOnly?)null;
            var served = (await fixture.Sandbox.AccountAsync(completion.Type, account, since)).Streams[stream.Stream];
            Assert.Equal(served.Count, stream.Records);
        }

        var streams = (await fixture.Sandbox.AccountAsync(completion.Type, account)).Streams.Keys;
        Assert.Equal(streams.Order(), completion.Streams.Select(stream => stream.Stream).Order());
    }

    private sealed record SyncStartedResponse(string Status, string SyncId, List<string> Connectors);
}
