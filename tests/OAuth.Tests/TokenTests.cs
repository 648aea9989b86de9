using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connectors.OAuth.Tests;

public sealed class TokenTests : IClassFixture<OAuthFixture>
{
    private readonly OAuthFixture _fixture;
    private readonly OAuthApp _app;
    private readonly FakePlatform _fake;
    private readonly HttpClient _client;

    public TokenTests(OAuthFixture fixture)
    {
        _fixture = fixture;
        _app = fixture.App;
        _fake = fixture.Fake;
        _fake.Reset();
        _client = _app.CreateClient();
    }

    private static DateTimeOffset InAnHour => DateTimeOffset.UtcNow.AddHours(1);

    private static DateTimeOffset AnHourAgo => DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task Token_FreshAccessToken_ReturnsItWithoutCallingThePlatform()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "quickbooks", "stored-access", "stored-refresh", InAnHour);

        var response = await RequestTokenAsync(project, "quickbooks", new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("stored-access", body.RootElement.GetProperty("accessToken").GetString());
        Assert.Equal("acct-1", body.RootElement.GetProperty("accountId").GetString());
        Assert.Equal("4620816365", body.RootElement.GetProperty("metadata").GetProperty("realmId").GetString());
        Assert.Empty(_fake.To("/intuit/token"));
    }

    [Fact]
    public async Task Token_ExpiredAndReplyWithoutRefreshToken_RefreshesAndKeepsTheOldRefreshToken()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "google_ads", "old-access", "old-refresh", AnHourAgo);
        _fake.TokenReplies["google"] = _ => _fake.IssueTokens(withRefreshToken: false);

        var response = await RequestTokenAsync(project, "google_ads", new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>();
        var refresh = Assert.Single(_fake.To("/google/token"));
        Assert.Equal("refresh_token", refresh.Form["grant_type"]);
        Assert.Equal("old-refresh", refresh.Form["refresh_token"]);
        Assert.Equal("google-secret", refresh.Form["client_secret"]);
        Assert.Equal(_fake.IssuedTokens.Single(), answer!.AccessToken);
        Assert.True(answer.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(30));
        var stored = await _app.StoredSecretsAsync(project, "google_ads");
        Assert.Equal(answer.AccessToken, stored!.AccessToken);
        Assert.Equal("old-refresh", stored.RefreshToken);
    }

    [Fact]
    public async Task Token_ReplyWithRotatedRefreshToken_SavesTheNewOne()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "quickbooks", "old-access", "old-refresh", AnHourAgo);

        var response = await RequestTokenAsync(project, "quickbooks", new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _app.StoredSecretsAsync(project, "quickbooks");
        Assert.StartsWith("refresh-", stored!.RefreshToken, StringComparison.Ordinal);
        Assert.Contains(stored.RefreshToken, _fake.IssuedTokens);
    }

    [Fact]
    public async Task Token_ForcedWhileFresh_Refreshes()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "hubspot", "fresh-access", "refresh", InAnHour);

        var response = await RequestTokenAsync(project, "hubspot", new { forceRefresh = true });

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>();
        Assert.NotEqual("fresh-access", answer!.AccessToken);
        Assert.Single(_fake.To("/hubspot/token"));
    }

    [Fact]
    public async Task Token_RejectedTokenAlreadyReplaced_ReturnsTheStoredOneWithoutRefreshing()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "hubspot", "newer-access", "refresh", InAnHour);

        var response = await RequestTokenAsync(
            project, "hubspot", new { forceRefresh = true, rejectedAccessToken = "older-access" });

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>();
        Assert.Equal("newer-access", answer!.AccessToken);
        Assert.Empty(_fake.To("/hubspot/token"));
    }

    [Fact]
    public async Task Token_InvalidGrant_MarksReauthRequiredTellsRegistryAndAnswers409FromThenOn()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "google_ads", "old-access", "revoked-refresh", AnHourAgo);
        _fake.TokenReplies["google"] = _ => Results.Json(
            new { error = "invalid_grant", error_description = "Token has been expired or revoked." }, statusCode: 400);

        var first = await RequestTokenAsync(project, "google_ads", new { forceRefresh = false });
        var second = await RequestTokenAsync(project, "google_ads", new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        using var problem = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var reason = problem.RootElement.GetProperty("reason").GetString();
        Assert.Contains("Token has been expired or revoked", reason, StringComparison.Ordinal);
        Assert.Single(_fake.To("/google/token"));
        var row = (await _app.ReadRowAsync(project, "google_ads"))!;
        Assert.Equal("reauth_required", row.GrantStatus);
        Assert.Equal(reason, row.GrantStatusReason);
        var registry = Assert.Single(_fake.To("/registry/internal/connectors/google_ads"));
        using var sent = JsonDocument.Parse(registry.Body);
        Assert.Equal("reauth_required", sent.RootElement.GetProperty("status").GetString());
        Assert.Equal(reason, sent.RootElement.GetProperty("statusReason").GetString());
        Assert.Equal("old-access", (await _app.StoredSecretsAsync(project, "google_ads"))!.AccessToken);
    }

    [Fact]
    public async Task Token_PlatformAnswers500_Returns503AndNeverOverwritesTokens()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "hubspot", "old-access", "old-refresh", AnHourAgo);
        var before = (await _app.ReadRowAsync(project, "hubspot"))!;
        _fake.TokenReplies["hubspot"] = _ => Results.Json(
            new { access_token = "from-an-error-reply", status = "error" }, statusCode: 500);

        var response = await RequestTokenAsync(project, "hubspot", new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType());
        var after = (await _app.ReadRowAsync(project, "hubspot"))!;
        Assert.Equal(before.Ciphertext, after.Ciphertext);
        Assert.Equal("active", after.GrantStatus);
        Assert.Equal("old-refresh", (await _app.StoredSecretsAsync(project, "hubspot"))!.RefreshToken);
    }

    [Fact]
    public async Task Token_NothingStored_Returns404()
    {
        var response = await RequestTokenAsync(Guid.NewGuid(), "google_ads", new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Token_FiftyConcurrentRequestsOnTwoInstances_CallTheTokenEndpointOnce()
    {
        // Two instances over one database: only the advisory lock can keep them from refreshing twice.
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "google_ads", "expired-access", "refresh", AnHourAgo);
        _fake.TokenReplies["google"] = _ =>
        {
            Thread.Sleep(200);
            return _fake.IssueTokens(withRefreshToken: false);
        };
        await using var second = new OAuthApp(_fixture.Database, _fake);
        var clients = new[] { _client, second.CreateClient() };
        var apps = new[] { _app, second };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => apps[i % 2].SendAsync(
            clients[i % 2], HttpMethod.Post, "/internal/tokens/google_ads", project, new { forceRefresh = false })));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(_fake.To("/google/token"));
        var tokens = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<TokenAnswer>()));
        Assert.Single(tokens.Select(t => t!.AccessToken).Distinct());
    }

    private Task<HttpResponseMessage> RequestTokenAsync(Guid project, string type, object body) =>
        _app.SendAsync(_client, HttpMethod.Post, $"/internal/tokens/{type}", project, body);

    private sealed record TokenAnswer(string AccessToken, DateTimeOffset? ExpiresAt, string? AccountId);
}
