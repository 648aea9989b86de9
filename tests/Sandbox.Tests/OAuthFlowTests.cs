using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.Sandbox.Tests;

public sealed class OAuthFlowTests : IDisposable
{
    private const string GoogleQuery = "client_id=sandbox-google-client"
        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5082%2Fapi%2Fconnectors%2Fcallback"
        + "&response_type=code&scope=https://www.googleapis.com/auth/adwords&access_type=offline&state=xyz";

    private readonly SandboxClient _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task GoogleCodeFlow_ConsentExchangeRefreshRevoke_RefreshFailsWithInvalidGrant()
    {
        var callback = await _sandbox.ConsentAsync("/google/accounts/o/oauth2/v2/auth", GoogleQuery);

        var (status, token) = await _sandbox.PostFormAsync(
            "/google/oauth2/token", GoogleForm("authorization_code", callback["code"]));
        var refreshToken = token["refresh_token"]!.GetValue<string>();
        var (refreshStatus, refreshed) = await _sandbox.PostFormAsync(
            "/google/oauth2/token",
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken },
            SandboxClient.Basic("sandbox-google-client", "sandbox-google-secret"));
        var (revokeStatus, _) = await _sandbox.PostFormAsync(
            "/google/oauth2/revoke", new() { ["token"] = refreshToken });
        var (afterStatus, after) = await _sandbox.PostFormAsync(
            "/google/oauth2/token", GoogleForm("refresh_token", null, refreshToken));
        var (dataStatus, _) = await _sandbox.GetAsync(
            "/google/ads/v26/customers:listAccessibleCustomers", token["access_token"]!.GetValue<string>());

        Assert.Equal("xyz", callback["state"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3599, token["expires_in"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, refreshStatus);
        Assert.Null(refreshed["refresh_token"]);
        Assert.Equal(HttpStatusCode.OK, revokeStatus);
        Assert.Equal(HttpStatusCode.BadRequest, afterStatus);
        Assert.Equal("invalid_grant", after["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, dataStatus);
    }

    [Fact]
    public async Task GoogleCodeExchange_CodeUsedTwice_SecondIsInvalidGrant()
    {
        var callback = await _sandbox.ConsentAsync("/google/accounts/o/oauth2/v2/auth", GoogleQuery);
        await _sandbox.PostFormAsync("/google/oauth2/token", GoogleForm("authorization_code", callback["code"]));

        var (status, body) = await _sandbox.PostFormAsync(
            "/google/oauth2/token", GoogleForm("authorization_code", callback["code"]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GoogleConsent_Denied_RedirectsWithAccessDenied()
    {
        var callback = await _sandbox.ConsentAsync("/google/accounts/o/oauth2/v2/auth", GoogleQuery, decision: "deny");

        Assert.Equal("access_denied", callback["error"]);
        Assert.Equal("xyz", callback["state"]);
        Assert.False(callback.ContainsKey("code"));
    }

    [Fact]
    public async Task GoogleAuthorize_UnknownClient_ShowsHtmlError()
    {
        var response = await _sandbox.Http.GetAsync(
            "/google/accounts/o/oauth2/v2/auth?client_id=nope&redirect_uri=x&response_type=code&scope=a");

        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_client", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubSpotPkce_WrongVerifier_RejectedWithBadAuthCode()
    {
        var challenge = Convert
            .ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes("right-verifier-0123456789-0123456789-abcdef")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var callback = await _sandbox.ConsentAsync(
            "/hubspot/app/oauth/authorize",
            $"client_id=sandbox-hubspot-client&redirect_uri={Uri.EscapeDataString(SandboxClient.Redirect)}&scope=oauth"
                + $"&code_challenge={challenge}&code_challenge_method=S256");

        var (status, body) = await _sandbox.PostFormAsync(
            "/hubspot/api/oauth/2026-03/token", HubSpotForm(callback["code"], "wrong-verifier"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        Assert.Equal("BAD_AUTH_CODE", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HubSpotCodeFlow_RefreshThenRevoke_SameRefreshTokenThenInvalidGrant()
    {
        var callback = await _sandbox.ConsentAsync(
            "/hubspot/app/oauth/authorize",
            $"client_id=sandbox-hubspot-client&redirect_uri={Uri.EscapeDataString(SandboxClient.Redirect)}"
                + "&scope=oauth");
        var (_, token) = await _sandbox.PostFormAsync(
            "/hubspot/api/oauth/2026-03/token", HubSpotForm(callback["code"], null));
        var refreshToken = token["refresh_token"]!.GetValue<string>();
        var refreshForm = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = "sandbox-hubspot-client",
            ["client_secret"] = "sandbox-hubspot-secret",
        };

        var (_, refreshed) = await _sandbox.PostFormAsync("/hubspot/api/oauth/v3/token", refreshForm);
        var (_, introspect) = await _sandbox.PostFormAsync("/hubspot/api/oauth/2026-03/token/introspect", new()
        {
            ["client_id"] = "sandbox-hubspot-client",
            ["client_secret"] = "sandbox-hubspot-secret",
            ["token"] = refreshed["access_token"]!.GetValue<string>(),
        });
        await _sandbox.PostFormAsync("/hubspot/api/oauth/2026-03/token/revoke", new()
        {
            ["client_id"] = "sandbox-hubspot-client",
            ["client_secret"] = "sandbox-hubspot-secret",
            ["token"] = refreshToken,
        });
        var (status, failed) = await _sandbox.PostFormAsync("/hubspot/api/oauth/2026-03/token", refreshForm);

        Assert.Equal(1800, token["expires_in"]!.GetValue<int>());
        Assert.Equal(12345678, token["hub_id"]!.GetValue<long>());
        Assert.Equal(refreshToken, refreshed["refresh_token"]!.GetValue<string>());
        Assert.Equal("acme-corp.hubspot.com", introspect["hub_domain"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REFRESH_TOKEN", failed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HubSpotToken_SecretInQueryString_Rejected()
    {
        var (status, body) = await _sandbox.PostFormAsync(
            "/hubspot/api/oauth/2026-03/token?client_secret=sandbox-hubspot-secret",
            new() { ["grant_type"] = "authorization_code", ["code"] = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task QuickBooksCodeFlow_RefreshRotatesAndRevoke_OldAndRevokedTokensFail()
    {
        var callback = await _sandbox.ConsentAsync(
            "/intuit/appcenter/connect/oauth2",
            $"client_id=sandbox-quickbooks-client&redirect_uri={Uri.EscapeDataString(SandboxClient.Redirect)}"
                + "&response_type=code&scope=com.intuit.quickbooks.accounting&state=q");
        var basic = SandboxClient.Basic("sandbox-quickbooks-client", "sandbox-quickbooks-secret");
        var (_, token) = await _sandbox.PostFormAsync("/intuit/oauth/oauth2/v1/tokens/bearer", new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = callback["code"],
            ["redirect_uri"] = SandboxClient.Redirect,
        }, basic);
        var first = token["refresh_token"]!.GetValue<string>();

        var (_, rotated) = await _sandbox.PostFormAsync("/intuit/oauth/oauth2/v1/tokens/bearer", Refresh(first), basic);
        var (oldStatus, _) = await _sandbox.PostFormAsync(
            "/intuit/oauth/oauth2/v1/tokens/bearer", Refresh(first), basic);
        var second = rotated["refresh_token"]!.GetValue<string>();
        var (company, info) = await _sandbox.GetAsync(
            $"/intuit/quickbooks/v3/company/{callback["realmId"]}/companyinfo/{callback["realmId"]}",
            rotated["access_token"]!.GetValue<string>());
        using var revoke = new HttpRequestMessage(HttpMethod.Post, "/intuit/developer/v2/oauth2/tokens/revoke")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { token = second }),
        };
        revoke.Headers.Authorization = basic;
        await _sandbox.SendAsync(revoke);
        var (revokedStatus, revoked) = await _sandbox.PostFormAsync(
            "/intuit/oauth/oauth2/v1/tokens/bearer", Refresh(second), basic);

        Assert.Equal("9130350000000000", callback["realmId"]);
        Assert.Equal(3600, token["expires_in"]!.GetValue<int>());
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.BadRequest, oldStatus);
        Assert.Equal(HttpStatusCode.OK, company);
        Assert.Equal("Acme LLC", info["CompanyInfo"]!["CompanyName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, revokedStatus);
        Assert.Equal("invalid_grant", revoked["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task AutoApprove_Enabled_AuthorizeRedirectsWithCodeForLoginHint()
    {
        await _sandbox.AdminAsync(HttpMethod.Post, "/auto-approve", new { enabled = true });

        var response = await _sandbox.Http.GetAsync(
            "/google/accounts/o/oauth2/v2/auth?" + GoogleQuery + "&login_hint=555-000-1111");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("code=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Refresh(string token) =>
        new() { ["grant_type"] = "refresh_token", ["refresh_token"] = token };

    private static Dictionary<string, string> GoogleForm(string grantType, string? code, string? refresh = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["redirect_uri"] = SandboxClient.Redirect,
            ["client_id"] = "sandbox-google-client",
            ["client_secret"] = "sandbox-google-secret",
        };
        if (code is not null)
        {
            form["code"] = code;
        }

        if (refresh is not null)
        {
            form["refresh_token"] = refresh;
        }

        return form;
    }

    private static Dictionary<string, string> HubSpotForm(string code, string? verifier)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = SandboxClient.Redirect,
            ["client_id"] = "sandbox-hubspot-client",
            ["client_secret"] = "sandbox-hubspot-secret",
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return form;
    }
}
