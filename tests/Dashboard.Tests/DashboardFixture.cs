using Connectors.Testing;
using Microsoft.Playwright;

namespace Connectors.Dashboard.Tests;

/// <summary>
/// One running system and one headless Chromium for the whole collection. Each test opens its own browser
/// context (its own cookies) for a project and sandbox accounts of its own, so tests never share data.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/lib/chromium/chromium";

    private IPlaywright? _playwright;

    public RunningSystem System { get; } = new();

    public SandboxAdmin Sandbox { get; private set; } = null!;

    public HttpClient SandboxClient { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        Sandbox = new SandboxAdmin(System.Sandbox);
        SandboxClient = new HttpClient { BaseAddress = System.Sandbox, Timeout = TimeSpan.FromSeconds(30) };
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>A fresh browser context signed in to a new project's dashboard through the sign-in page.</summary>
    public async Task<DashboardSession> SignInAsync(string testName, int width = 1280, int height = 900)
    {
        var project = await System.CreateProjectAsync(testName);
        var session = await OpenAsync(testName, width, height);
        await session.SignInAsync(project.ApiKey);
        return session;
    }

    /// <summary>A fresh browser context that has not signed in.</summary>
    public async Task<DashboardSession> OpenAsync(string testName, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = System.Gateway.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });

        // A connection passes through the sandbox, the OAuth exchange and the registry before the page loads again;
        // on a busy 2-core machine that can take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        return new DashboardSession(testName, context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        SandboxClient?.Dispose();
        Sandbox?.Dispose();
        await System.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
