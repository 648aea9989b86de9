using System.Text.RegularExpressions;
using Connectors.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connectors.Dashboard.Tests;

/// <summary>
/// One person at the dashboard: a browser context and its page, with the steps a user takes. Disposing it saves a
/// full-page screenshot to <c>artifacts/test-results/screenshots/{test}.png</c>.
/// </summary>
public sealed partial class DashboardSession(string testName, IBrowserContext context, IPage page) : IAsyncDisposable
{
    public const string SensorsPath = "/dashboard/sensors";

    public IPage Page { get; } = page;

    public static string ScreenshotDirectory { get; } =
        Path.Combine(TestServers.RepositoryRoot, "artifacts", "test-results", "screenshots");

    public async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync(SensorsPath);
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sensors", Level = 1 })).ToBeVisibleAsync();
        await Expect(Cards).ToHaveCountAsync(7);
    }

    public ILocator Cards => Page.Locator("#connectors > li");

    /// <summary>A platform's card, found by its accessible name as a screen reader user would.</summary>
    public ILocator Card(string platformName) =>
        Page.GetByRole(AriaRole.Listitem, new() { Name = platformName, Exact = true });

    public ILocator Status(string platformName) => Card(platformName).Locator(".status");

    public ILocator Progress(string platformName) =>
        Card(platformName).GetByRole(AriaRole.Status, new() { Name = $"{platformName} sync progress" });

    public ILocator Fact(string platformName, string term) =>
        Card(platformName).Locator($"xpath=.//dt[normalize-space()='{term}']/following-sibling::dd[1]");

    public ILocator Message => Page.Locator("#message");

    public ILocator Alert => Page.Locator("#alert");

    /// <summary>Starts an OAuth connection from the card and stops on the platform's consent page.</summary>
    public async Task OpenConsentAsync(string platformName)
    {
        await Card(platformName).GetByRole(AriaRole.Link, new() { Name = $"Connect {platformName}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Allow" })).ToBeVisibleAsync();
    }

    /// <summary>On the sandbox's consent page: picks the account and presses Allow or Deny.</summary>
    public async Task DecideAsync(string account, string decision)
    {
        await Page.GetByLabel("Account").FillAsync(account);
        await Page.GetByRole(AriaRole.Button, new() { Name = decision }).ClickAsync();
        // Arriving back is enough here: the callers' assertions wait for what the page then shows.
        await Page.WaitForURLAsync(SensorsUrl(), new() { WaitUntil = WaitUntilState.Commit });
    }

    public async Task ConnectStripeAsync(string key)
    {
        var card = Card("Stripe");
        await card.GetByLabel("Stripe secret key").FillAsync(key);
        await card.GetByRole(AriaRole.Button, new() { Name = "Connect Stripe" }).ClickAsync();
    }

    public Task SyncNowAsync(string platformName) =>
        Card(platformName).GetByRole(AriaRole.Button, new() { Name = $"Sync {platformName} now" }).ClickAsync();

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails if it is never reached.</summary>
    public async Task TabToAsync(ILocator target, int limit = 60)
    {
        for (var presses = 0; presses < limit; presses++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }

            await Page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"{limit} presses of Tab never reached {target}.");
    }

    public static Regex SensorsUrl() => SensorsPattern();

    public async ValueTask DisposeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDirectory, testName + ".png"),
            FullPage = true,
        });
        await context.DisposeAsync();
    }

    [GeneratedRegex(@"/dashboard/sensors(\?.*)?$")]
    private static partial Regex SensorsPattern();
}
