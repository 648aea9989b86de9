using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connectors.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed partial class SensorsPageTests(DashboardFixture fixture)
{
    private static readonly string[] PlatformNames =
        ["Google Ads", "Google Analytics", "HubSpot", "Stripe", "Meta Ads", "LinkedIn Ads", "QuickBooks"];

    private static readonly LocatorAssertionsToHaveTextOptions SyncWait = new() { Timeout = 180_000 };

    [Fact]
    public async Task SignIn_WithTheProjectKey_ShowsEveryPlatformNotConnected()
    {
        var project = await fixture.System.CreateProjectAsync("sign in");
        await using var session = await fixture.OpenAsync(
            nameof(SignIn_WithTheProjectKey_ShowsEveryPlatformNotConnected));
        var page = session.Page;
        await page.GotoAsync(DashboardSession.SensorsPath);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/login"));

        await page.GetByLabel("API key").FillAsync("cnk_not-a-key-of-this-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That API key was not accepted");
        await page.GetByLabel("API key").FillAsync(project.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(DashboardSession.SensorsUrl());
        await Expect(page.GetByRole(AriaRole.Main)).ToBeVisibleAsync();
        await Expect(session.Cards.Locator("h3")).ToHaveTextAsync(PlatformNames);
        await Expect(session.Cards.Locator(".status")).ToHaveTextAsync(PlatformNames.Select(_ => "Not connected"));
        await Expect(page.GetByRole(AriaRole.Table)).ToBeHiddenAsync();
        await Expect(page.GetByText("No sync has run yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ConnectGoogleAds_AllowOnTheConsentPage_ShowsTheCardConnectedWithTheAccountName()
    {
        var (account, name) = await Accounts.GoogleAdsAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(ConnectGoogleAds_AllowOnTheConsentPage_ShowsTheCardConnectedWithTheAccountName));

        await session.OpenConsentAsync("Google Ads");
        await session.DecideAsync(account, "Allow");

        await Expect(session.Message).ToHaveTextAsync("Google Ads is connected. You can sync it now.");
        await Expect(session.Status("Google Ads")).ToHaveTextAsync("Connected");
        await Expect(session.Fact("Google Ads", "Account")).ToHaveTextAsync(name);
        await Expect(session.Fact("Google Ads", "Connected since")).Not.ToHaveTextAsync("—");
        await Expect(session.Fact("Google Ads", "Last sync")).ToHaveTextAsync("Never");
        var syncNow = session.Page.GetByRole(AriaRole.Button, new() { Name = "Sync Google Ads now" });
        await Expect(syncNow).ToBeFocusedAsync();
        Assert.EndsWith(DashboardSession.SensorsPath, session.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectGoogleAds_DenyOnTheConsentPage_ExplainsThatAccessWasDeclined()
    {
        await using var session = await fixture.SignInAsync(
            nameof(ConnectGoogleAds_DenyOnTheConsentPage_ExplainsThatAccessWasDeclined));

        await session.OpenConsentAsync("Google Ads");
        await session.DecideAsync(Accounts.GoogleAds(), "Deny");

        await Expect(session.Alert).ToContainTextAsync("You declined access on Google Ads, so it was not connected.");
        await Expect(session.Status("Google Ads")).ToHaveTextAsync("Not connected");
        await Expect(session.Card("Google Ads").GetByRole(AriaRole.Link, new() { Name = "Connect Google Ads" }))
            .ToBeVisibleAsync();
    }

    [Fact]
    public async Task ConnectStripe_BadKeyThenGoodKey_ShowsTheRefusalNextToTheFieldThenConnects()
    {
        var (_, name, key) = await Accounts.StripeAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(ConnectStripe_BadKeyThenGoodKey_ShowsTheRefusalNextToTheFieldThenConnects));
        var field = session.Card("Stripe").GetByLabel("Stripe secret key");

        await session.ConnectStripeAsync("sk_test_" + Guid.NewGuid().ToString("N"));

        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveAccessibleDescriptionAsync(new Regex(@"\S+.*A restricted or secret key"));
        await Expect(session.Card("Stripe").Locator(".field-error")).Not.ToBeEmptyAsync();
        await Expect(field).ToBeFocusedAsync();
        await Expect(session.Status("Stripe")).ToHaveTextAsync("Not connected");

        await session.ConnectStripeAsync(key);

        await Expect(session.Status("Stripe")).ToHaveTextAsync("Connected");
        await Expect(session.Fact("Stripe", "Account")).ToHaveTextAsync(name);
        await Expect(session.Message).ToHaveTextAsync("Stripe is connected.");
    }

    [Fact]
    public async Task SyncNow_ConnectedStripe_ShowsProgressUntilDoneWithThePlatformsCounts()
    {
        var (account, _, key) = await Accounts.StripeAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(SyncNow_ConnectedStripe_ShowsProgressUntilDoneWithThePlatformsCounts));
        await session.ConnectStripeAsync(key);
        await Expect(session.Status("Stripe")).ToHaveTextAsync("Connected");

        await session.SyncNowAsync("Stripe");
        var soFar = await WatchProgressAsync(session.Progress("Stripe"));

        var served = (await fixture.Sandbox.AccountAsync("stripe", account)).Streams;
        var total = served.Values.Sum(stream => (long)stream.Count);
        var expected = served.Select(entry => Count(entry.Key, entry.Value.Count)).Order().ToList();
        await Expect(session.Progress("Stripe").Locator("p")).ToHaveTextAsync($"Sync done: {Records(total)}.");
        Assert.Equal(expected, (await session.Progress("Stripe").Locator("li").AllInnerTextsAsync()).Order());
        Assert.All(soFar, count => Assert.InRange(count, 0, total));
        await Expect(session.Fact("Stripe", "Last sync")).Not.ToHaveTextAsync("Never");
        await Expect(session.Fact("Stripe", "Last sync records")).ToContainTextAsync(Records(total));
        var history = session.Page.GetByRole(AriaRole.Region, new() { Name = "Sync history" });
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(history.Locator("tbody tr td[data-label='State']")).ToHaveTextAsync("Succeeded");
        await Expect(history.Locator("tbody tr .run-parts li")).ToHaveTextAsync($"Stripe: {Records(total)}");
        await Expect(history.Locator("tbody tr td[data-label='Duration']")).ToHaveTextAsync(new Regex(@"^\d+"));
    }

    [Fact]
    public async Task Disconnect_ConfirmedInTheDialog_RevokesAndShowsTheCardNotConnected()
    {
        var (account, _) = await Accounts.GoogleAdsAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(Disconnect_ConfirmedInTheDialog_RevokesAndShowsTheCardNotConnected));
        await session.OpenConsentAsync("Google Ads");
        await session.DecideAsync(account, "Allow");
        var disconnect = session.Card("Google Ads")
            .GetByRole(AriaRole.Button, new() { Name = "Disconnect Google Ads" });
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Disconnect Google Ads?" });

        await disconnect.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToHaveAccessibleDescriptionAsync(new Regex(
            "revokes its access at Google Ads and deletes the stored credentials"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep connected" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(disconnect).ToBeFocusedAsync();
        await Expect(session.Status("Google Ads")).ToHaveTextAsync("Connected");
        await disconnect.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disconnect Google Ads" }).ClickAsync();

        await Expect(session.Message).ToContainTextAsync("Google Ads is disconnected.");
        await Expect(session.Status("Google Ads")).ToHaveTextAsync("Not connected");
        await Expect(session.Fact("Google Ads", "Account")).ToHaveTextAsync("—");
        var requests = await fixture.Sandbox.RequestsAsync("google_ads", account);
        Assert.Contains(requests, request => request.Kind == "revoke");
    }

    [Fact]
    public async Task SyncNow_AfterThePlatformRevokedTheGrant_ShowsReconnectRequiredWithAReconnectButton()
    {
        var (account, _) = await Accounts.GoogleAdsAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(SyncNow_AfterThePlatformRevokedTheGrant_ShowsReconnectRequiredWithAReconnectButton));
        await session.OpenConsentAsync("Google Ads");
        await session.DecideAsync(account, "Allow");
        await Expect(session.Status("Google Ads")).ToHaveTextAsync("Connected");
        (await fixture.SandboxClient.PostAsJsonAsync(
            $"/sandbox/admin/google_ads/accounts/{account}/faults", new { kind = "revoke_grant" }))
            .EnsureSuccessStatusCode();

        await session.SyncNowAsync("Google Ads");

        await Expect(session.Status("Google Ads")).ToHaveTextAsync("Reconnect required", SyncWait);
        var reconnect = session.Card("Google Ads").GetByRole(AriaRole.Link, new() { Name = "Reconnect Google Ads" });
        await Expect(reconnect).ToHaveAttributeAsync("href", "/api/connectors/google_ads/auth");
        await Expect(session.Progress("Google Ads")).ToContainTextAsync("Sync failed.");
        await Expect(session.Card("Google Ads").GetByRole(AriaRole.Button, new() { Name = "Sync Google Ads now" }))
            .ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ConnectMeta_LongLivedTokenEndsWithinAWeek_ShowsTheWarningAndAReconnectLink()
    {
        var account = "act_" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        (await fixture.SandboxClient.PutAsJsonAsync($"/sandbox/admin/meta_ads/accounts/{account}",
            new { limits = new { tokenLifetimeSeconds = 2 * 86_400 } })).EnsureSuccessStatusCode();
        await using var session = await fixture.SignInAsync(
            nameof(ConnectMeta_LongLivedTokenEndsWithinAWeek_ShowsTheWarningAndAReconnectLink));

        await session.OpenConsentAsync("Meta Ads");
        await session.DecideAsync(account, "Allow");

        await Expect(session.Status("Meta Ads")).ToHaveTextAsync("Connected");
        var warning = session.Card("Meta Ads").GetByRole(AriaRole.Note);
        await Expect(warning).ToContainTextAsync("The access to Meta Ads expires on");
        await Expect(warning).ToContainTextAsync("Connect Meta Ads again before then to keep syncing.");
        var expected = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Expect(warning).ToContainTextAsync(expected);
        await Expect(session.Fact("Meta Ads", "Access until")).Not.ToHaveTextAsync("—");
        var reconnect = session.Card("Meta Ads").GetByRole(AriaRole.Link, new() { Name = "Reconnect Meta Ads" });
        await Expect(reconnect).ToHaveAttributeAsync("href", "/api/connectors/meta_ads/auth");
        await Expect(session.Card("Meta Ads").GetByRole(AriaRole.Button, new() { Name = "Sync Meta Ads now" }))
            .ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignOut_FromTheDashboard_EndsTheSession()
    {
        await using var session = await fixture.SignInAsync(nameof(SignOut_FromTheDashboard_EndsTheSession));

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(session.Page).ToHaveURLAsync(new Regex("/dashboard/login$"));
        await session.Page.GotoAsync(DashboardSession.SensorsPath);
        await Expect(session.Page).ToHaveURLAsync(new Regex("/dashboard/login\\?returnUrl="));
        await Expect(session.Page.GetByLabel("API key")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Keyboard_ConnectSyncAndDisconnect_WorkWithTabAndEnter()
    {
        var (_, _, key) = await Accounts.StripeAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(Keyboard_ConnectSyncAndDisconnect_WorkWithTabAndEnter));
        var page = session.Page;
        var stripe = session.Card("Stripe");

        await session.TabToAsync(stripe.GetByLabel("Stripe secret key"));
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Status("Stripe")).ToHaveTextAsync("Connected");
        var syncNow = stripe.GetByRole(AriaRole.Button, new() { Name = "Sync Stripe now" });
        await session.TabToAsync(syncNow);
        var outline = await syncNow.EvaluateAsync<string>("element => getComputedStyle(element).outlineStyle");
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Progress("Stripe").Locator("p")).ToHaveTextAsync(new Regex("^Sync done"), SyncWait);
        await session.TabToAsync(stripe.GetByRole(AriaRole.Button, new() { Name = "Disconnect Stripe" }));
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Disconnect Stripe?" });
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Keep connected" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Status("Stripe")).ToHaveTextAsync("Not connected");
        await session.TabToAsync(
            session.Card("Google Ads").GetByRole(AriaRole.Link, new() { Name = "Connect Google Ads" }));
        await page.Keyboard.PressAsync("Enter");

        Assert.NotEqual("none", outline);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Allow" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task NarrowScreen_ConnectedAndSynced_FitsWithoutScrollingSideways()
    {
        var (_, _, key) = await Accounts.StripeAsync(fixture.Sandbox);
        await using var session = await fixture.SignInAsync(
            nameof(NarrowScreen_ConnectedAndSynced_FitsWithoutScrollingSideways), width: 390, height: 844);
        await session.ConnectStripeAsync(key);
        await Expect(session.Status("Stripe")).ToHaveTextAsync("Connected");

        await session.SyncNowAsync("Stripe");
        await Expect(session.Progress("Stripe").Locator("p")).ToHaveTextAsync(new Regex("^Sync done"), SyncWait);

        var history = session.Page.GetByRole(AriaRole.Region, new() { Name = "Sync history" });
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(1);
        var overflow = await session.Page.EvaluateAsync<int>(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.Equal(0, overflow);
        var cardWidth = await session.Card("Stripe").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.InRange(cardWidth, 300, 390);
    }

    /// <summary>
    /// Reads the progress line until the sync ends and answers every "records so far" count seen on the way. A fast
    /// sync may end before the page's first poll, so none at all is fine; the final counts are asserted after.
    /// </summary>
    private static async Task<List<long>> WatchProgressAsync(ILocator progress)
    {
        var seen = new List<long>();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!limit.IsCancellationRequested)
        {
            var line = await progress.Locator("p").AllInnerTextsAsync();
            var text = line.Count == 0 ? "" : line[0];
            if (text.StartsWith("Sync done", StringComparison.Ordinal))
            {
                return seen;
            }

            Assert.DoesNotContain("Sync failed", text, StringComparison.Ordinal);
            if (SoFarPattern().Match(text) is { Success: true } match)
            {
                seen.Add(long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException("The sync never showed as done.");
    }

    private static string Records(long count) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? "record" : "records")}";

    private static string Count(string stream, long count) =>
        $"{stream.Replace('_', ' ')} {count.ToString("N0", CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"^Syncing: ([\d,]+) records? so far")]
    private static partial Regex SoFarPattern();
}
