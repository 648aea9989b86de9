using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Connectors.Sandbox.Tests;

public sealed class StripeEventsApiTests : IDisposable
{
    private const string Account = "acct_EventsTest0001";
    private const string Key = "sk_test_events_0001";

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SandboxClient _sandbox;

    public StripeEventsApiTests()
    {
        _sandbox = new SandboxClient(_clock);
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Events_AdminChanges_NewestFirstWithTheObjectAsItBecame()
    {
        await SetUpAsync();
        var charges = await MutateAsync("charges", update: 1, create: 1);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var customers = await MutateAsync("customers", delete: 1);

        var (status, body) = await _sandbox.GetAsync("/stripe/api/v1/events?limit=100", Key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/v1/events", body["url"]!.GetValue<string>());
        var events = body["data"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(["customer.deleted", "charge.succeeded", "charge.refunded"],
            events.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("event", e["object"]!.GetValue<string>()));
        Assert.All(events, e => Assert.StartsWith("evt_", e["id"]!.GetValue<string>(), StringComparison.Ordinal));
        var refund = events[2];
        Assert.Equal(charges["updated"]![0]!.GetValue<string>(), refund["data"]!["object"]!["id"]!.GetValue<string>());
        Assert.Equal(100, refund["data"]!["object"]!["amount_refunded"]!.GetValue<long>());
        Assert.Equal(0, refund["data"]!["previous_attributes"]!["amount_refunded"]!.GetValue<long>());
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-5).ToUnixTimeSeconds(), refund["created"]!.GetValue<long>());
        var deletedId = customers["deleted"]![0]!.GetValue<string>();
        Assert.Equal(deletedId, events[0]["data"]!["object"]!["id"]!.GetValue<string>());
        var (_, listed) = await _sandbox.GetAsync("/stripe/api/v1/customers?limit=100", Key);
        Assert.DoesNotContain(deletedId, listed["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Events_TypeWildcardTypesAndCreated_OnlyMatchingEvents()
    {
        await SetUpAsync();
        await MutateAsync("charges", update: 2);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await MutateAsync("customers", update: 1, create: 1);

        var (_, wildcard) = await _sandbox.GetAsync("/stripe/api/v1/events?type=charge.*", Key);
        var (_, types) = await _sandbox.GetAsync(
            "/stripe/api/v1/events?types[0]=customer.created&types[1]=invoice.paid", Key);
        var (_, since) = await _sandbox.GetAsync(
            $"/stripe/api/v1/events?created[gte]={_clock.GetUtcNow().ToUnixTimeSeconds()}", Key);

        Assert.Equal(["charge.refunded", "charge.refunded"], Types(wildcard));
        Assert.Equal(["customer.created"], Types(types));
        Assert.Equal(["customer.created", "customer.updated"], Types(since));
    }

    [Fact]
    public async Task Events_PagedWithStartingAfter_EveryEventOnce()
    {
        await SetUpAsync();
        await MutateAsync("charges", update: 5, create: 3);
        var ids = new List<string>();
        string? after = null;

        do
        {
            var (_, page) = await _sandbox.GetAsync(
                "/stripe/api/v1/events?limit=3" + (after is null ? "" : "&starting_after=" + after), Key);
            ids.AddRange(page["data"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
            after = page["has_more"]!.GetValue<bool>() ? ids[^1] : null;
        }
        while (after is not null);

        Assert.Equal(8, ids.Distinct().Count());
    }

    [Fact]
    public async Task Events_OlderThan30Days_NoLongerListed()
    {
        await SetUpAsync();
        await MutateAsync("invoices", update: 1);
        _clock.Advance(TimeSpan.FromDays(29));
        var (_, kept) = await _sandbox.GetAsync("/stripe/api/v1/events", Key);

        _clock.Advance(TimeSpan.FromDays(2));
        var (status, gone) = await _sandbox.GetAsync("/stripe/api/v1/events", Key);

        Assert.Equal(["invoice.paid"], Types(kept));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Types(gone));
    }

    [Fact]
    public async Task Events_TypeAndTypesTogetherOrTooManyTypes_Answer400()
    {
        await SetUpAsync();
        var tooMany = string.Join("&", Enumerable.Range(0, 21).Select(i => $"types[{i}]=charge.updated"));

        var (both, bothBody) = await _sandbox.GetAsync(
            "/stripe/api/v1/events?type=charge.*&types[0]=charge.refunded", Key);
        var (many, _) = await _sandbox.GetAsync($"/stripe/api/v1/events?{tooMany}", Key);

        Assert.Equal(HttpStatusCode.BadRequest, both);
        Assert.Equal("invalid_request_error", bothBody["error"]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, many);
    }

    [Theory]
    [InlineData("balance_transactions", 1, 0)]
    [InlineData("charges", 0, 1)]
    public async Task Mutations_WhatStripeNeverDoes_Answer400(string stream, int update, int delete)
    {
        await SetUpAsync();

        var response = await _sandbox.Http.PostAsJsonAsync(
            $"/sandbox/admin/stripe/accounts/{Account}/mutations", new { stream, update, create = 0, delete });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task SetUpAsync()
    {
        await _sandbox.AdminAsync(HttpMethod.Put, $"/stripe/accounts/{Account}",
            new { sizes = new { charges = 20, customers = 6, invoices = 6, subscriptions = 3 } });
        await _sandbox.AdminAsync(HttpMethod.Post, "/stripe/keys", new { key = Key, accountId = Account });
    }

    private Task<JsonNode> MutateAsync(string stream, int update = 0, int create = 0, int delete = 0) =>
        _sandbox.AdminAsync(HttpMethod.Post, $"/stripe/accounts/{Account}/mutations",
            new { stream, update, create, delete });

    private static List<string> Types(JsonNode list) =>
        [.. list["data"]!.AsArray().Select(e => e!["type"]!.GetValue<string>())];
}
