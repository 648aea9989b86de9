using System.Security.Cryptography;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Connectors.SyncOrchestrator.Tests;

/// <summary>
/// The schedule kept in PostgreSQL and shared by orchestrator instances: each firing is taken by one instance, and
/// firings missed while every instance was down run once when one comes back.
/// </summary>
public sealed class ClusteredScheduleTests : IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TestDatabase _database = new();
    private readonly TestVirtualHost _virtualHost = new();
    private readonly StubRegistry _registry;
    private readonly List<WebApplicationFactory<Program>> _instances = [];

    public ClusteredScheduleTests() => _registry = new StubRegistry(new CallerSignature(
        Options.Create(new InternalOptions { SigningKey = _signingKey }), TimeProvider.System));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _virtualHost.InitializeAsync();
        await _registry.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _registry.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TwoInstances_EachFiringRunsOnOneInstanceOnly()
    {
        var project = Guid.NewGuid();
        _registry.Connect(project, ConnectorTypes.Stripe);
        var first = Start(TimeSpan.FromSeconds(2));
        var second = Start(TimeSpan.FromSeconds(2));

        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM sync.schedule_firings") >= 5,
            TimeSpan.FromSeconds(40), "five scheduled firings");

        Assert.Equal(2, await CountAsync("SELECT count(DISTINCT instance_name) FROM sync.qrtz_scheduler_state"));
        Assert.Equal(0, await CountAsync(
            """
            SELECT count(*)
            FROM (SELECT scheduled_for FROM sync.schedule_firings GROUP BY 1 HAVING count(*) > 1) twice
            """));
        // The first firing started the project's run; the later ones found it still queued (no worker here).
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM sync.sync_runs WHERE trigger = 'scheduled'"));
        Assert.Equal(1, await CountAsync("SELECT sum(runs_started) FROM sync.schedule_firings"));
        GC.KeepAlive(first);
        GC.KeepAlive(second);
    }

    [Fact]
    public async Task EveryInstanceDownForSeveralSlots_TheMissedFiringRunsOnce()
    {
        var interval = TimeSpan.FromSeconds(3);
        _registry.Connect(Guid.NewGuid(), ConnectorTypes.HubSpot);
        var instance = Start(interval);
        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM sync.schedule_firings") >= 1,
            TimeSpan.FromSeconds(30), "the first scheduled firing");

        await instance.DisposeAsync();
        _instances.Remove(instance);
        var stoppedAt = DateTime.UtcNow;
        await Task.Delay(interval * 3 + TimeSpan.FromSeconds(1));
        var restartedAt = DateTime.UtcNow;
        Start(interval);
        await WaitUntilAsync(
            async () => await CountAsync(
                "SELECT count(*) FROM sync.schedule_firings WHERE fired_at >= @restartedAt", new { restartedAt }) >= 1,
            TimeSpan.FromSeconds(30), "the missed firing after the restart");
        await Task.Delay(interval - TimeSpan.FromSeconds(1));

        Assert.Equal(0, await CountAsync(
            "SELECT count(*) FROM sync.schedule_firings WHERE fired_at > @stoppedAt AND fired_at < @restartedAt",
            new { stoppedAt, restartedAt }));
        var late = (await QueryAsync<(DateTime ScheduledFor, DateTime FiredAt)>(
            """
            SELECT scheduled_for, fired_at FROM sync.schedule_firings
            WHERE fired_at >= @restartedAt ORDER BY fired_at
            """,
            new { restartedAt })).ToList();
        var missed = late[0];
        Assert.True(missed.ScheduledFor < restartedAt + interval, "the first firing after the restart is the late one");
        var nextSlot = missed.FiredAt + interval - TimeSpan.FromSeconds(1);
        Assert.All(late.Skip(1), later => Assert.True(later.ScheduledFor >= nextSlot, "no missed slot fired again"));
    }

    private WebApplicationFactory<Program> Start(TimeSpan interval)
    {
        var instance = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Testing")
            .UseSetting("ConnectionStrings:Postgres", _database.ConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", _virtualHost.Amqp.ToString())
            .UseSetting("Internal:SigningKey", _signingKey)
            .UseSetting("Services:Registry", _registry.BaseAddress.ToString())
            .UseSetting("Sync:ScheduleEnabled", "true")
            .UseSetting("Sync:ScheduleInterval", interval.ToString())
            .UseSetting("Sync:ScheduleMisfireThreshold", "00:00:01")
            .UseSetting("Sync:ClusterCheckinInterval", "00:00:01"));
        _ = instance.Server;
        _instances.Add(instance);
        return instance;
    }

    private async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long?>(sql, parameters) ?? 0;
    }

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.QueryAsync<T>(sql, parameters);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
