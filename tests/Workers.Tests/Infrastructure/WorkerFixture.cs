using System.Security.Cryptography;
using Connectors.Contracts;
using Connectors.Testing;
using Connectors.Workers.Tests.Fakes;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Connectors.Workers.Tests.Infrastructure;

/// <summary>
/// A worker on a fresh database and virtual host, with the OAuth service and the platforms faked on loopback and a
/// probe publishing requests through the real exchange. One per test class; tests use a project each.
/// </summary>
public abstract class WorkerFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly TestVirtualHost _virtualHost = new();
    private WebApplicationFactory<Program>? _factory;

    public FakeOAuth OAuth { get; private set; } = null!;

    public FakePlatforms Platforms { get; private set; } = null!;

    public BusProbe Probe { get; private set; } = null!;

    /// <summary>Worker settings beyond the connections (e.g. <c>Workers:Platforms:0</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    protected virtual FakePlatforms CreatePlatforms() => new();

    /// <summary>A platform whose requests a bare queue of the probe should take, as another worker would.</summary>
    protected virtual string? StandInFor => null;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _virtualHost.InitializeAsync();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        OAuth = new FakeOAuth(key);
        await OAuth.StartAsync();
        Platforms = CreatePlatforms();
        await Platforms.StartAsync();
        Probe = await BusProbe.StartAsync(_virtualHost.Amqp, StandInFor);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            foreach (var (name, value) in BaseSettings(key).Concat(Settings))
            {
                web.UseSetting(name, value);
            }

            web.ConfigureTestServices(services =>
                services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true));
        });
        _ = _factory.Services;
    }

    /// <summary>Requests a sync through the exchange and waits for its <see cref="SyncCompleted"/>.</summary>
    public async Task<SyncCompleted> SyncAsync(Guid projectId, string type) =>
        await Probe.CompletedAsync(await Probe.RequestAsync(projectId, type));

    public async Task<long> CountAsync(string table, Guid projectId)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            $"SELECT count(*) FROM data.{table} WHERE project_id = @ProjectId", new { ProjectId = projectId });
    }

    public async Task<T?> ScalarAsync<T>(string sql, object parameters)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Probe.DisposeAsync();
        await Platforms.DisposeAsync();
        await OAuth.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }

    private Dictionary<string, string> BaseSettings(string key) => new()
    {
        ["ConnectionStrings:Postgres"] = _database.ConnectionString,
        ["ConnectionStrings:RabbitMq"] = _virtualHost.Amqp.ToString(),
        ["Internal:SigningKey"] = key,
        ["Services:OAuth"] = OAuth.Url.ToString(),
        [$"Platforms:{ConnectorTypes.GoogleAds}:ApiBaseUrl"] = new Uri(Platforms.Url, "google/ads").ToString(),
        [$"Platforms:{ConnectorTypes.HubSpot}:ApiBaseUrl"] = new Uri(Platforms.Url, "hubspot/api").ToString(),
        [$"Platforms:{ConnectorTypes.Stripe}:ApiBaseUrl"] = new Uri(Platforms.Url, "stripe/api").ToString(),
        [$"Platforms:{ConnectorTypes.GoogleAnalytics}:ApiBaseUrl"] =
            new Uri(Platforms.Url, "google/analyticsdata").ToString(),
        [$"Platforms:{ConnectorTypes.MetaAds}:ApiBaseUrl"] = new Uri(Platforms.Url, "meta/graph").ToString(),
        [$"Platforms:{ConnectorTypes.LinkedInAds}:ApiBaseUrl"] = new Uri(Platforms.Url, "linkedin/api").ToString(),
        [$"Platforms:{ConnectorTypes.QuickBooks}:ApiBaseUrl"] = new Uri(Platforms.Url, "intuit/quickbooks").ToString(),
        ["Workers:RetryBaseDelay"] = "00:00:00.2",
        ["Workers:RetryMaxDelay"] = "00:00:01",
        ["Workers:MetaRegainAccessUnit"] = "00:00:00.2",
        ["Workers:MetaReportPollInterval"] = "00:00:00.05",
        ["Workers:QuickBooksThrottleDelay"] = "00:00:00.2",
        // One attempt per request: these tests look at how an attempt ends; the orchestrator's tests at retries.
        ["Workers:MaxSyncAttempts"] = "1",
        ["Sync:StripePageSize"] = "2",
        ["Sync:HubSpotListPageSize"] = "3",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
