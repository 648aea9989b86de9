using System.Net.Http.Headers;
using Connectors.Testing;

namespace Connectors.Observability.Tests;

/// <summary>
/// The whole product, each service writing its spans and metrics to files in a folder of its own, and the gateway
/// told where the workers answer so <c>/health/system</c> covers them too.
/// </summary>
public sealed class TracedSystemFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _settings = [];

    /// <remarks>
    /// The settings are filled in after the system is made, once its log folder (which keeps the telemetry files
    /// for a look after a failure) and its ports are known; it reads them when it starts.
    /// </remarks>
    public TracedSystemFixture()
    {
        System = new RunningSystem(_settings);
        Telemetry = new TelemetryFiles(Directory.CreateDirectory(
            Path.Combine(System.LogsDirectory, "telemetry")).FullName);
        foreach (var (key, value) in Telemetry.Settings())
        {
            _settings[key] = value;
        }

        _settings["Sync__QueueMetricsInterval"] = "00:00:01";
        _settings["Services__Workers"] = System.ServiceUrl("Workers").ToString();
    }

    public RunningSystem System { get; }

    public TelemetryFiles Telemetry { get; }

    public SandboxAdmin Sandbox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        Sandbox = new SandboxAdmin(System.Sandbox);
    }

    /// <summary>An API client of a new project, authenticated with the project's key.</summary>
    public async Task<HttpClient> NewProjectAsync(string name)
    {
        var project = await System.CreateProjectAsync(name);
        var api = new HttpClient { BaseAddress = System.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return api;
    }

    /// <summary>A Stripe account at the sandbox with a key of its own.</summary>
    public async Task<string> StripeKeyAsync()
    {
        var account = "acct_" + Guid.NewGuid().ToString("N")[..16];
        var key = "sk_test_" + Guid.NewGuid().ToString("N");
        await Sandbox.ConfigureAccountAsync("stripe", account, new { name = "Traced Payments" });
        await Sandbox.RegisterStripeKeyAsync(key, account);
        return key;
    }

    public async Task DisposeAsync()
    {
        Sandbox?.Dispose();
        await System.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TracedSystemCollection : ICollectionFixture<TracedSystemFixture>
{
    public const string Name = "traced system";
}
