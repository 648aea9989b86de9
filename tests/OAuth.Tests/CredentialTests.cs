using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connectors.OAuth.Tests;

public sealed class CredentialTests : IClassFixture<OAuthFixture>
{
    private readonly OAuthApp _app;
    private readonly FakePlatform _fake;
    private readonly HttpClient _client;

    public CredentialTests(OAuthFixture fixture)
    {
        _app = fixture.App;
        _fake = fixture.Fake;
        _fake.Reset();
        _client = _app.CreateClient();
    }

    [Fact]
    public async Task PutCredentials_ValidStripeKey_StoresItEncryptedAndAnswersTheAccount()
    {
        var project = Guid.NewGuid();

        var response = await PutKeyAsync(project, "sk_test_valid_key_123");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Acme Payments", body.RootElement.GetProperty("accountName").GetString());
        Assert.Equal("acct_123", body.RootElement.GetProperty("accountId").GetString());
        var check = Assert.Single(_fake.To("/stripe/v1/account"));
        Assert.Equal("Bearer sk_test_valid_key_123", check.Headers["Authorization"]);
        Assert.Equal("2023-08-16", check.Headers["Stripe-Version"]);
        var row = (await _app.ReadRowAsync(project, "stripe"))!;
        Assert.Equal(-1, row.Ciphertext.AsSpan().IndexOf(Encoding.UTF8.GetBytes("sk_test_valid_key_123")));
        var token = await _app.SendAsync(_client, HttpMethod.Post, "/internal/tokens/stripe", project, new { });
        Assert.Contains("sk_test_valid_key_123", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutCredentials_AccountWithoutBusinessName_UsesTheDashboardName()
    {
        _fake.StripeAccountReply = _ => Results.Json(new
        {
            id = "acct_9",
            settings = new { dashboard = new { display_name = "Acme Dashboard" } },
        });

        var response = await PutKeyAsync(Guid.NewGuid(), "sk_test_other");

        Assert.Contains("Acme Dashboard", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutCredentials_StripeRefusesKey_Returns422AndStoresNothing()
    {
        var project = Guid.NewGuid();
        _fake.StripeAccountReply = _ => Results.Json(
            new { error = new { type = "invalid_request_error", message = "Invalid API Key provided: sk_test_bad" } },
            statusCode: 401);

        var response = await PutKeyAsync(project, "sk_test_bad");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType());
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("Stripe refused the API key: Invalid API Key provided", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_bad", problem, StringComparison.Ordinal);
        Assert.Null(await _app.ReadRowAsync(project, "stripe"));
    }

    [Fact]
    public async Task PutCredentials_StripeUnavailable_Returns503AndStoresNothing()
    {
        var project = Guid.NewGuid();
        _fake.StripeAccountReply = _ => Results.StatusCode(502);

        var response = await PutKeyAsync(project, "sk_test_any");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Null(await _app.ReadRowAsync(project, "stripe"));
    }

    [Fact]
    public async Task PutCredentials_OAuthType_Returns400()
    {
        var response = await _app.SendAsync(_client, HttpMethod.Put, "/internal/credentials/hubspot", Guid.NewGuid(),
            new { credentials = new { apiKey = "key" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PutCredentials_WithoutKey_Returns400()
    {
        var response = await _app.SendAsync(_client, HttpMethod.Put, "/internal/credentials/stripe", Guid.NewGuid(),
            new { credentials = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_fake.To("/stripe/v1/account"));
    }

    [Fact]
    public async Task Delete_GoogleAds_RevokesTheRefreshTokenAndDeletes()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "google_ads", "access", "refresh-to-revoke", DateTimeOffset.UtcNow);

        var response = await DeleteAsync(project, "google_ads");

        var answer = await response.Content.ReadFromJsonAsync<Deletion>();
        Assert.True(answer!.Revoked);
        Assert.Null(answer.RevocationError);
        Assert.Equal("refresh-to-revoke", Assert.Single(_fake.To("/google/revoke")).Form["token"]);
        Assert.Null(await _app.ReadRowAsync(project, "google_ads"));
    }

    [Fact]
    public async Task Delete_RevocationFails_StillDeletesAndSaysWhy()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "hubspot", "access", "refresh", DateTimeOffset.UtcNow);
        _fake.RevokeReplies["hubspot"] = () => Results.Json(new { error = "invalid_request" }, statusCode: 400);

        var response = await DeleteAsync(project, "hubspot");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<Deletion>();
        Assert.False(answer!.Revoked);
        Assert.Contains("HubSpot refused the revocation", answer.RevocationError, StringComparison.Ordinal);
        var revoke = Assert.Single(_fake.To("/hubspot/revoke"));
        Assert.Equal("refresh_token", revoke.Form["token_type_hint"]);
        Assert.Null(await _app.ReadRowAsync(project, "hubspot"));
    }

    [Fact]
    public async Task Delete_QuickBooks_RevokesWithJsonAndBasicAuthentication()
    {
        var project = Guid.NewGuid();
        await _app.SeedTokensAsync(project, "quickbooks", "access", "qb-refresh", DateTimeOffset.UtcNow);

        var response = await DeleteAsync(project, "quickbooks");

        Assert.True((await response.Content.ReadFromJsonAsync<Deletion>())!.Revoked);
        var revoke = Assert.Single(_fake.To("/intuit/revoke"));
        Assert.Equal("{\"token\":\"qb-refresh\"}", revoke.Body);
        Assert.StartsWith("Basic ", revoke.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_StripeKey_DeletesWithoutRevocation()
    {
        var project = Guid.NewGuid();
        await PutKeyAsync(project, "sk_test_to_forget");

        var response = await DeleteAsync(project, "stripe");

        var answer = await response.Content.ReadFromJsonAsync<Deletion>();
        Assert.False(answer!.Revoked);
        Assert.Contains("Stripe dashboard", answer.RevocationError, StringComparison.Ordinal);
        Assert.Null(await _app.ReadRowAsync(project, "stripe"));
    }

    [Fact]
    public async Task Delete_NothingStored_Returns404()
    {
        var response = await DeleteAsync(Guid.NewGuid(), "google_ads");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_fake.To("/google/revoke"));
    }

    private Task<HttpResponseMessage> PutKeyAsync(Guid project, string apiKey) =>
        _app.SendAsync(_client, HttpMethod.Put, "/internal/credentials/stripe", project,
            new { credentials = new { apiKey } });

    private Task<HttpResponseMessage> DeleteAsync(Guid project, string type) =>
        _app.SendAsync(_client, HttpMethod.Delete, $"/internal/credentials/{type}", project);

    private sealed record Deletion(bool Revoked, string? RevocationError);
}
