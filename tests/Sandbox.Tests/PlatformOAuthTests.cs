using System.Net;

namespace Connectors.Sandbox.Tests;

public sealed class PlatformOAuthTests
{
    [Fact]
    public async Task MetaExchange_ShortToLongLived_LongTokenValidForSixtyDays()
    {
        using var sandbox = new SandboxClient();
        var shortToken = await sandbox.MetaTokenAsync("act_900001");

        var (status, longLived) = await sandbox.GetAsync(
            "/meta/graph/v25.0/oauth/access_token?grant_type=fb_exchange_token&client_id=sandbox-meta-client"
                + $"&client_secret=sandbox-meta-secret&fb_exchange_token={shortToken}");
        var longToken = longLived["access_token"]!.GetValue<string>();
        var (_, debug) = await sandbox.GetAsync(
            $"/meta/graph/debug_token?input_token={longToken}&access_token=sandbox-meta-client|sandbox-meta-secret");
        var (accountsStatus, accounts) = await sandbox.GetAsync("/meta/graph/v25.0/me/adaccounts", longToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(shortToken, longToken);
        Assert.Equal(5183944, longLived["expires_in"]!.GetValue<int>());
        Assert.True(debug["data"]!["is_valid"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, accountsStatus);
        Assert.Equal("act_900001", accounts["data"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task MetaExchange_UnknownShortToken_OAuthException190()
    {
        using var sandbox = new SandboxClient();

        var (status, body) = await sandbox.GetAsync(
            "/meta/graph/v25.0/oauth/access_token?grant_type=fb_exchange_token&client_id=sandbox-meta-client"
                + "&client_secret=sandbox-meta-secret&fb_exchange_token=EAABnotatoken");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(190, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task LinkedInRefresh_FiftyNineDaysLater_RefreshTtlCountsDownNotReset()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        using var sandbox = new SandboxClient(clock);
        var first = await sandbox.LinkedInTokenAsync("507409001");
        clock.Advance(TimeSpan.FromDays(59));

        var (status, refreshed) = await sandbox.PostFormAsync("/linkedin/www/oauth/v2/accessToken", new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = first["refresh_token"]!.GetValue<string>(),
            ["client_id"] = "sandbox-linkedin-client",
            ["client_secret"] = "sandbox-linkedin-secret",
        });

        Assert.Equal(365 * 86_400, first["refresh_token_expires_in"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5_184_000, refreshed["expires_in"]!.GetValue<int>());
        Assert.Equal(306 * 86_400, refreshed["refresh_token_expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task StripeConnect_CodeRefreshDeauthorize_KeyWorksThenFails()
    {
        using var sandbox = new SandboxClient();
        var callback = await sandbox.ConsentAsync(
            "/stripe/connect/oauth/authorize",
            $"response_type=code&client_id=sandbox-stripe-client&scope=read_only&state=st"
                + $"&redirect_uri={Uri.EscapeDataString(SandboxClient.Redirect)}",
            account: "acct_1Connected00001");
        var (tokenStatus, token) = await sandbox.PostFormAsync("/stripe/connect/oauth/token", new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = callback["code"],
            ["client_secret"] = "sandbox-stripe-secret",
        });
        var access = token["access_token"]!.GetValue<string>();

        var (accountStatus, account) = await sandbox.GetAsync("/stripe/api/v1/account", access);
        var (_, refreshed) = await sandbox.PostFormAsync("/stripe/connect/oauth/token", new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = token["refresh_token"]!.GetValue<string>(),
            ["client_secret"] = "sandbox-stripe-secret",
        });
        var (deauthStatus, deauth) = await sandbox.PostFormAsync("/stripe/connect/oauth/deauthorize", new()
        {
            ["client_id"] = "sandbox-stripe-client",
            ["stripe_user_id"] = "acct_1Connected00001",
            ["client_secret"] = "sandbox-stripe-secret",
        });
        var (afterStatus, _) = await sandbox.GetAsync("/stripe/api/v1/account", access);

        Assert.Equal("st", callback["state"]);
        Assert.Equal(HttpStatusCode.OK, tokenStatus);
        Assert.Equal("acct_1Connected00001", token["stripe_user_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, accountStatus);
        Assert.Equal("acct_1Connected00001", account["id"]!.GetValue<string>());
        Assert.NotEqual(access, refreshed["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deauthStatus);
        Assert.Equal("acct_1Connected00001", deauth["stripe_user_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, afterStatus);
    }
}
