using System.Net;
using System.Text;
using System.Text.Json;
using Connectors.OAuth.Security;
using Dapper;

namespace Connectors.OAuth.Tests;

public sealed class AuthorizationTests : IClassFixture<OAuthFixture>
{
    private const string CallbackUrl = OAuthApp.PublicBaseUrl + "/api/connectors/{0}/callback";
    private const string Dashboard = OAuthApp.PublicBaseUrl + "/dashboard/sensors";

    private readonly OAuthApp _app;
    private readonly FakePlatform _fake;

    public AuthorizationTests(OAuthFixture fixture)
    {
        _app = fixture.App;
        _fake = fixture.Fake;
        _fake.Reset();
    }

    [Fact]
    public async Task Auth_GoogleAds_RedirectsToConsentWithStatePkceScopesAndPublicRedirectUri()
    {
        using var browser = _app.Browser();

        var response = await _app.SendAsync(browser, HttpMethod.Get, "/api/connectors/google_ads/auth", Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith($"{_fake.BaseUrl}/google/auth?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = BrowserFlow.Query(location);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("google-client", query["client_id"]);
        Assert.Equal(string.Format(CallbackUrl, "google_ads"), query["redirect_uri"]);
        Assert.Equal("https://www.googleapis.com/auth/adwords", query["scope"]);
        Assert.True(RandomValues.IsWellFormed(query["state"]));
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].Length);
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("true", query["include_granted_scopes"]);
        var cookie = response.Header("Set-Cookie")!;
        Assert.Contains("cnx_oauth=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/connectors", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Auth_HubSpot_SendsSpaceSeparatedScopesAndPkce()
    {
        using var browser = _app.Browser();

        var query = await BrowserFlow.StartAsync(_app, browser, Guid.NewGuid(), "hubspot");

        Assert.Equal(
            "oauth crm.objects.contacts.read crm.objects.companies.read crm.objects.deals.read", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task Auth_QuickBooks_HasNoPkce()
    {
        using var browser = _app.Browser();

        var query = await BrowserFlow.StartAsync(_app, browser, Guid.NewGuid(), "quickbooks");

        Assert.Equal("com.intuit.quickbooks.accounting", query["scope"]);
        Assert.False(query.ContainsKey("code_challenge"));
    }

    [Fact]
    public async Task Auth_UnknownType_Returns400ProblemNamingValidTypes()
    {
        using var browser = _app.Browser();

        var response = await _app.SendAsync(browser, HttpMethod.Get, "/api/connectors/myspace/auth", Guid.NewGuid());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.ContentType());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var valid = problem.RootElement.GetProperty("validTypes").EnumerateArray().Select(t => t.GetString());
        Assert.Contains("google_ads", valid);
        Assert.Contains("quickbooks", valid);
    }

    [Fact]
    public async Task Auth_Stripe_Returns400BecauseStripeUsesAnApiKey()
    {
        using var browser = _app.Browser();

        var response = await _app.SendAsync(browser, HttpMethod.Get, "/api/connectors/stripe/auth", Guid.NewGuid());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("API key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_WithoutProject_Returns401()
    {
        using var browser = _app.Browser();

        var response = await _app.SendAsync(browser, HttpMethod.Get, "/api/connectors/google_ads/auth", project: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Callback_GoogleAds_StoresEncryptedTokensAndMarksConnectorConnected()
    {
        var project = Guid.NewGuid();

        var response = await BrowserFlow.ConnectAsync(_app, project, "google_ads");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Dashboard}?connected=google_ads", response.Headers.Location!.AbsoluteUri);
        var token = Assert.Single(_fake.To("/google/token"));
        Assert.Equal("authorization_code", token.Form["grant_type"]);
        Assert.Equal("the-code", token.Form["code"]);
        Assert.Equal(string.Format(CallbackUrl, "google_ads"), token.Form["redirect_uri"]);
        Assert.Equal("google-secret", token.Form["client_secret"]);
        var row = (await _app.ReadRowAsync(project, "google_ads"))!;
        Assert.Equal("1234567890", row.AccountId);
        Assert.Equal("active", row.GrantStatus);
        AssertSealed(row.Ciphertext);
        var registry = Assert.Single(_fake.To("/registry/internal/connectors/google_ads"));
        Assert.Equal("PUT", registry.Method);
        Assert.Contains(project.ToString("D"), registry.Headers["X-Connectors-Caller"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(registry.Body);
        Assert.Equal("connected", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Acme Ads", body.RootElement.GetProperty("accountName").GetString());
        Assert.Equal("1234567890", body.RootElement.GetProperty("accountId").GetString());
    }

    [Fact]
    public async Task Callback_GoogleAds_SendsTheVerifierOfTheChallenge()
    {
        using var browser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, browser, Guid.NewGuid(), "google_ads");

        await BrowserFlow.CallbackAsync(_app, browser, "google_ads", $"code=c&state={authorize["state"]}");

        var verifier = Assert.Single(_fake.To("/google/token")).Form["code_verifier"];
        Assert.Equal(authorize["code_challenge"], RandomValues.PkceChallenge(verifier));
    }

    [Fact]
    public async Task Callback_HubSpot_NamesTheAccountByHubDomain()
    {
        var project = Guid.NewGuid();

        var response = await BrowserFlow.ConnectAsync(_app, project, "hubspot");

        Assert.Equal($"{Dashboard}?connected=hubspot", response.Headers.Location!.AbsoluteUri);
        var row = (await _app.ReadRowAsync(project, "hubspot"))!;
        Assert.Equal("424242", row.AccountId);
        Assert.Contains("acme.hubspot.com", row.Metadata, StringComparison.Ordinal);
        AssertSealed(row.Ciphertext);
        var introspect = Assert.Single(_fake.To("/hubspot/introspect"));
        Assert.Equal("hubspot-secret", introspect.Form["client_secret"]);
        var registry = Assert.Single(_fake.To("/registry/internal/connectors/hubspot"));
        Assert.Contains("\"accountName\":\"acme.hubspot.com\"", registry.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_QuickBooks_KeepsRealmIdAndAuthenticatesWithBasic()
    {
        var project = Guid.NewGuid();

        var response = await BrowserFlow.ConnectAsync(_app, project, "quickbooks", "&realmId=9130355");

        Assert.Equal($"{Dashboard}?connected=quickbooks", response.Headers.Location!.AbsoluteUri);
        var token = Assert.Single(_fake.To("/intuit/token"));
        Assert.StartsWith("Basic ", token.Headers["Authorization"], StringComparison.Ordinal);
        Assert.False(token.Form.ContainsKey("client_secret"));
        var row = (await _app.ReadRowAsync(project, "quickbooks"))!;
        Assert.Equal("9130355", row.AccountId);
        Assert.Contains("\"realmId\": \"9130355\"", row.Metadata, StringComparison.Ordinal);
        AssertSealed(row.Ciphertext);
        var registry = Assert.Single(_fake.To("/registry/internal/connectors/quickbooks"));
        Assert.Contains("Acme Books LLC", registry.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_WrongState_Shows400PageAndStoresNothing()
    {
        var project = Guid.NewGuid();
        using var browser = _app.Browser();
        await BrowserFlow.StartAsync(_app, browser, project, "google_ads");

        var response = await BrowserFlow.CallbackAsync(
            _app, browser, "google_ads", $"code=c&state={RandomValues.New()}");

        await AssertRefusedAsync(response, project, "not valid");
    }

    [Fact]
    public async Task Callback_ReusedState_Shows400PageTheSecondTime()
    {
        var project = Guid.NewGuid();
        using var browser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, browser, project, "google_ads");
        var query = $"code=c&state={authorize["state"]}";
        await BrowserFlow.CallbackAsync(_app, browser, "google_ads", query);
        await _app.SendAsync(_app.Browser(), HttpMethod.Delete, "/internal/credentials/google_ads", project);

        var response = await BrowserFlow.CallbackAsync(_app, browser, "google_ads", query);

        await AssertRefusedAsync(response, project, "not valid");
        Assert.Single(_fake.To("/google/token"));
    }

    [Fact]
    public async Task Callback_ExpiredState_Shows400PageAndStoresNothing()
    {
        var project = Guid.NewGuid();
        using var browser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, browser, project, "google_ads");
        await using (var connection = await _app.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                UPDATE oauth.authorization_states SET expires_at = now() - interval '1 minute'
                WHERE project_id = @project
                """,
                new { project });
        }

        var response = await BrowserFlow.CallbackAsync(
            _app, browser, "google_ads", $"code=c&state={authorize["state"]}");

        await AssertRefusedAsync(response, project, "expired");
    }

    [Fact]
    public async Task Callback_StateFromAnotherBrowser_Shows400PageAndStoresNothing()
    {
        var project = Guid.NewGuid();
        using var startingBrowser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, startingBrowser, project, "google_ads");
        using var otherBrowser = _app.Browser();

        var response = await BrowserFlow.CallbackAsync(
            _app, otherBrowser, "google_ads", $"code=c&state={authorize["state"]}");

        await AssertRefusedAsync(response, project, "another browser");
    }

    [Fact]
    public async Task Callback_StateOfAnotherType_Shows400Page()
    {
        var project = Guid.NewGuid();
        using var browser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, browser, project, "google_ads");

        var response = await BrowserFlow.CallbackAsync(_app, browser, "hubspot", $"code=c&state={authorize["state"]}");

        await AssertRefusedAsync(response, project, "not valid");
    }

    [Fact]
    public async Task Callback_AccessDenied_RedirectsToDashboardWithTheErrorAndConsumesState()
    {
        var project = Guid.NewGuid();
        using var browser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, browser, project, "hubspot");
        var query = $"error=access_denied&state={authorize["state"]}";

        var response = await BrowserFlow.CallbackAsync(_app, browser, "hubspot", query);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Dashboard}?error=access_denied&type=hubspot", response.Headers.Location!.AbsoluteUri);
        Assert.Null(await _app.ReadRowAsync(project, "hubspot"));
        Assert.Empty(_fake.To("/hubspot/token"));
        var again = await BrowserFlow.CallbackAsync(_app, browser, "hubspot", query);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Callback_UnknownPlatformError_IsReportedAsAuthorizationFailed()
    {
        using var browser = _app.Browser();
        var authorize = await BrowserFlow.StartAsync(_app, browser, Guid.NewGuid(), "hubspot");

        var response = await BrowserFlow.CallbackAsync(
            _app, browser, "hubspot", $"error=%3Cscript%3E&state={authorize["state"]}");

        Assert.Equal($"{Dashboard}?error=authorization_failed&type=hubspot", response.Headers.Location!.AbsoluteUri);
    }

    [Fact]
    public async Task Callback_FailedExchange_RedirectsWithConnectionFailedAndStoresNothing()
    {
        var project = Guid.NewGuid();
        _fake.TokenReplies["google"] = _ => Microsoft.AspNetCore.Http.Results.Json(
            new { error = "invalid_grant", error_description = "Bad Request" }, statusCode: 400);

        var response = await BrowserFlow.ConnectAsync(_app, project, "google_ads");

        Assert.Equal($"{Dashboard}?error=connection_failed&type=google_ads", response.Headers.Location!.AbsoluteUri);
        Assert.Null(await _app.ReadRowAsync(project, "google_ads"));
        Assert.Empty(_fake.To("/registry/internal/connectors/google_ads"));
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, Guid project, string explanation)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.ContentType());
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(explanation, page, StringComparison.Ordinal);
        Assert.Contains("href=\"/dashboard/sensors\"", page, StringComparison.Ordinal);
        Assert.Null(await _app.ReadRowAsync(project, "google_ads"));
        Assert.Null(await _app.ReadRowAsync(project, "hubspot"));
    }

    private void AssertSealed(byte[] ciphertext)
    {
        Assert.Equal(2, _fake.IssuedTokens.Count);
        foreach (var token in _fake.IssuedTokens)
        {
            Assert.Equal(-1, ciphertext.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        }
    }
}
