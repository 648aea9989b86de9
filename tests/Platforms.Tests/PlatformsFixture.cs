using System.Net.Http.Headers;
using Connectors.Testing;
using Npgsql;

namespace Connectors.Platforms.Tests;

/// <summary>
/// One running system for every platform test, with short windows, small pages and short retry waits, so each
/// stream pages more than once and a throttle costs about a second. A second OAuth instance runs beside the first.
/// </summary>
public sealed class PlatformsFixture : IAsyncLifetime
{
    private Task<Uri>? _secondOAuth;

    /// <summary>Days of the first window (today included: one more); also every platform's lookback.</summary>
    public const int WindowDays = 6;

    public RunningSystem System { get; } = new(new Dictionary<string, string>
    {
        ["Sync__BackfillDays"] = $"{WindowDays}",
        ["Sync__LookbackDays"] = $"{WindowDays}",
        ["Sync__GoogleAnalyticsLookbackDays"] = $"{WindowDays}",
        ["Sync__MetaAdsLookbackDays"] = $"{WindowDays}",
        ["Sync__LinkedInAdsLookbackDays"] = $"{WindowDays}",
        ["Sync__GoogleAnalyticsPageSize"] = "5",
        ["Sync__MetaAdsPageSize"] = "10",
        ["Sync__QuickBooksPageSize"] = "10",
        ["Sync__StripePageSize"] = "10",
        ["Sync__HubSpotListPageSize"] = "10",
        ["Sync__HubSpotSearchPageSize"] = "10",
        ["Workers__LinkedInSliceDays"] = "3",
        ["Workers__QuickBooksThrottleDelay"] = "00:00:01",
        ["Workers__RetryBaseDelay"] = "00:00:00.200",
        ["Workers__RetryMaxDelay"] = "00:00:02",
        ["Workers__MetaRegainAccessUnit"] = "00:00:01",
        ["Workers__MetaReportPollInterval"] = "00:00:00.200",
        ["TokenExpiry__CheckInterval"] = "00:00:01",
    });

    /// <summary>A downstream consumer of <c>SyncCompleted</c>, subscribed before anything syncs.</summary>
    public DownstreamConsumer Completions { get; } = new();

    public SandboxAdmin Sandbox { get; private set; } = null!;

    public NpgsqlDataSource Database => System.Database.DataSource;

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        _secondOAuth = System.StartAnotherAsync("OAuth");
        await Completions.StartAsync(System.VirtualHost.Amqp, "platforms-analytics");
        Sandbox = new SandboxAdmin(System.Sandbox);
    }

    /// <summary>An API client of a new project, authenticated with the project's key.</summary>
    public async Task<(Project Project, HttpClient Api)> NewProjectAsync(string name)
    {
        var project = await System.CreateProjectAsync(name);
        var api = new HttpClient { BaseAddress = System.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return (project, api);
    }

    /// <summary>The first OAuth instance and a second one sharing its database (started with the system).</summary>
    public async Task<(Uri First, Uri Second)> OAuthInstancesAsync() =>
        (System.ServiceUrl("OAuth"), await _secondOAuth!);

    public async Task DisposeAsync()
    {
        Sandbox?.Dispose();
        await Completions.DisposeAsync();
        if (_secondOAuth is not null)
        {
            await _secondOAuth.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await System.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformsCollection : ICollectionFixture<PlatformsFixture>
{
    public const string Name = "platforms";
}
