using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Testing;
using Dapper;

namespace Connectors.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class ConnectAndSyncTests(SystemFixture fixture)
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ConnectAndSync_ThreePlatforms_LandsExactlyWhatThePlatformsServed()
    {
        var (project, api) = await fixture.NewProjectAsync("three platforms");
        var ads = Accounts.GoogleAds();
        var crm = Accounts.HubSpot();
        var (stripeAccount, stripeKey) = await Accounts.StripeAsync(fixture.Sandbox);
        await fixture.Sandbox.ConfigureAccountAsync("google_ads", ads, new { name = "Northwind Ads" });
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);

        var adsLanding = await browser.ConnectAsync("google_ads", ads);
        var crmLanding = await browser.ConnectAsync("hubspot", crm);
        var stripe = await api.PostAsJsonAsync(
            "/api/connectors",
            new { type = "stripe", credentials = new { apiKey = stripeKey } });

        Assert.Equal("/dashboard/sensors", adsLanding.AbsolutePath);
        Assert.Contains("connected=google_ads", adsLanding.Query, StringComparison.Ordinal);
        Assert.Contains("connected=hubspot", crmLanding.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, stripe.StatusCode);
        var connectors = await ListAsync(api);
        Assert.Equal(["google_ads", "hubspot", "stripe"], connectors.Select(c => c.Type));
        Assert.All(connectors, c => Assert.Equal("connected", c.Status));
        Assert.All(connectors, c => Assert.NotNull(c.ConnectedAt));
        Assert.All(connectors, c => Assert.Null(c.LastSync));
        Assert.Equal((await fixture.Sandbox.AccountAsync("google_ads", ads)).Name, connectors[0].AccountName);
        // HubSpot's account API has no name: the account's HubSpot domain (from token introspection) stands for it.
        Assert.Equal($"sandbox-{crm}.hubspot.com", connectors[1].AccountName);
        Assert.Equal((await fixture.Sandbox.AccountAsync("stripe", stripeAccount)).Name, connectors[2].AccountName);

        var first = await SyncAsync(api);

        Assert.Equal(["google_ads", "hubspot", "stripe"], first.Started.Connectors.Order());
        Assert.All(first.Completions, c => Assert.Equal(SyncOutcome.Succeeded, c.Status));
        Assert.All(first.Completions, c => Assert.Equal(project.ProjectId, c.ProjectId));
        await AssertLandedAsync(project.ProjectId, "google_ads", ads, first.Completions);
        await AssertLandedAsync(project.ProjectId, "hubspot", crm, first.Completions);
        await AssertLandedAsync(project.ProjectId, "stripe", stripeAccount, first.Completions);
        var afterFirst = await ListAsync(api);
        Assert.All(afterFirst, c => Assert.NotNull(c.LastSync));

        var rowsBefore = await CountRowsAsync(project.ProjectId, first.Completions);
        var second = await SyncAsync(api);

        Assert.NotEqual(first.Started.SyncId, second.Started.SyncId);
        Assert.All(second.Completions, c => Assert.Equal(SyncOutcome.Succeeded, c.Status));
        Assert.Equal(rowsBefore, await CountRowsAsync(project.ProjectId, second.Completions));
        Assert.All(second.Completions.SelectMany(c => c.Streams), s => Assert.Equal(0, s.Inserted));
        var afterSecond = await ListAsync(api);
        Assert.All(afterSecond, c => Assert.True(c.LastSync > afterFirst.Single(f => f.Type == c.Type).LastSync));
    }

    [Fact]
    public async Task Disconnect_ConnectedPlatform_RevokesAndDeletesStoredCredentials()
    {
        var (project, api) = await fixture.NewProjectAsync("disconnect");
        var crm = Accounts.HubSpot();
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);
        await browser.ConnectAsync("hubspot", crm);
        Assert.Equal(1, await CredentialRowsAsync(project.ProjectId, "hubspot"));

        var response = await api.DeleteAsync("/api/connectors?type=hubspot");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("revoked").GetBoolean());
        Assert.Equal(0, await CredentialRowsAsync(project.ProjectId, "hubspot"));
        Assert.DoesNotContain(await ListAsync(api), c => c.Type == "hubspot");
        var requests = await fixture.Sandbox.RequestsAsync("hubspot", crm);
        Assert.Contains(requests, r => r.Kind == "revoke" && r.Status == 200);
    }

    [Fact]
    public async Task Disconnect_ByJsonBody_RemovesTheConnector()
    {
        var (project, api) = await fixture.NewProjectAsync("disconnect by body");
        var (_, key) = await Accounts.StripeAsync(fixture.Sandbox);
        (await api.PostAsJsonAsync("/api/connectors", new { type = "stripe", credentials = new { apiKey = key } }))
            .EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/connectors")
        {
            Content = JsonContent.Create(new { type = "stripe" }),
        };
        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await CredentialRowsAsync(project.ProjectId, "stripe"));
        Assert.Empty(await ListAsync(api));
    }

    private async Task<(SyncStartedResponse Started, IReadOnlyList<SyncCompleted> Completions)> SyncAsync(
        HttpClient api)
    {
        var response = await api.PostAsync("/api/sync/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncStartedResponse>())!;
        Assert.Equal("started", started.Status);
        var completions = await fixture.Analytics.WaitForAsync(started.SyncId, started.Connectors.Count, SyncTimeout);
        Assert.Equal(started.Connectors.Order(), completions.Select(c => c.Type).Order());
        return (started, completions);
    }

    private async Task AssertLandedAsync(
        Guid project,
        string type,
        string account,
        IReadOnlyList<SyncCompleted> completions)
    {
        var completion = completions.Single(c => c.Type == type);
        foreach (var stream in completion.Streams)
        {
            var since = stream.WindowStart is { } start && LandedKeys.IsDatePartitioned(type)
                ? DateOnly.FromDateTime(start.UtcDateTime)
                : (DateOnly?)null;
            var served = (await fixture.Sandbox.AccountAsync(type, account, since)).Streams[stream.Stream];
            var landed = await KeysAsync(project, type, stream.Stream, stream.Table);

            Assert.Equal(served.Keys.Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
            Assert.Equal(served.Count, stream.Records);
        }

        var expectedStreams = (await fixture.Sandbox.AccountAsync(type, account)).Streams.Keys.Order();
        Assert.Equal(expectedStreams, completion.Streams.Select(s => s.Stream).Order());
    }

    private async Task<List<string>> KeysAsync(Guid project, string type, string stream, string table)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        var sql = $"SELECT {LandedKeys.Expression(type, stream)} FROM {table} WHERE project_id = @Project";
        return (await connection.QueryAsync<string>(sql, new { Project = project })).ToList();
    }

    private async Task<long> CountRowsAsync(Guid project, IReadOnlyList<SyncCompleted> completions)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        long total = 0;
        foreach (var table in completions.SelectMany(c => c.Streams).Select(s => s.Table).Distinct())
        {
            total += await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM {table} WHERE project_id = @Project", new { Project = project });
        }

        return total;
    }

    private async Task<long> CredentialRowsAsync(Guid project, string type)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM oauth.credentials WHERE project_id = @Project AND type = @Type",
            new { Project = project, Type = type });
    }

    private static async Task<List<ConnectorView>> ListAsync(HttpClient api)
    {
        var response = await api.GetAsync("/api/connectors");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<ConnectorView>>())!;
    }
}

public sealed record ConnectorView(
    string Type,
    string Status,
    DateTimeOffset? LastSync,
    string? AccountName,
    DateTimeOffset? ConnectedAt);

public sealed record SyncStartedResponse(string Status, string SyncId, List<string> Connectors);

/// <summary>Fresh platform accounts, so tests sharing the sandbox never share data.</summary>
internal static class Accounts
{
    public static string GoogleAds() => Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString();

    public static string HubSpot() => Random.Shared.Next(10_000_000, 99_999_999).ToString();

    /// <summary>A Stripe account in the sandbox and a secret key that opens it.</summary>
    public static async Task<(string Account, string Key)> StripeAsync(SandboxAdmin sandbox)
    {
        var account = "acct_" + Guid.NewGuid().ToString("N")[..16];
        var key = "sk_test_" + Guid.NewGuid().ToString("N");
        await sandbox.ConfigureAccountAsync("stripe", account, new { name = "Northwind Payments" });
        await sandbox.RegisterStripeKeyAsync(key, account);
        return (account, key);
    }
}
