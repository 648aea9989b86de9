using Connectors.Contracts;
using Connectors.SyncOrchestrator.Jobs;
using Connectors.SyncOrchestrator.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.SyncOrchestrator.Tests;

public sealed class ScheduledSyncJobTests : IClassFixture<OrchestratorFixture>
{
    private readonly OrchestratorFixture _fixture;

    public ScheduledSyncJobTests(OrchestratorFixture fixture)
    {
        _fixture = fixture;
        _fixture.Registry.Reset();
    }

    [Fact]
    public async Task RunAsync_OneConnectorStillSyncing_StartsScheduledRunsForIdleConnectorsOnly()
    {
        var busy = Guid.NewGuid();
        var idle = Guid.NewGuid();
        _fixture.Registry.Connect(busy, ConnectorTypes.Stripe);
        var manual = await _fixture.StartRunAsync(busy);
        _fixture.Registry.Connect(busy, ConnectorTypes.Stripe, ConnectorTypes.GoogleAds);
        _fixture.Registry.Connect(idle, ConnectorTypes.HubSpot);

        await RunJobAsync();

        var busyRuns = (await _fixture.GetJsonAsync(busy, "/api/sync")).EnumerateArray().ToList();
        Assert.Equal(2, busyRuns.Count);
        Assert.Equal(manual, busyRuns[1].GetProperty("syncId").GetString());
        Assert.Equal("scheduled", busyRuns[0].GetProperty("trigger").GetString());
        Assert.Equal(["google_ads"], Types(busyRuns[0]));
        var idleRun = Assert.Single((await _fixture.GetJsonAsync(idle, "/api/sync")).EnumerateArray());
        Assert.Equal("scheduled", idleRun.GetProperty("trigger").GetString());
        Assert.Equal(["hubspot"], Types(idleRun));
        Assert.Contains(Guid.Empty, _fixture.Registry.Calls);
    }

    [Fact]
    public async Task RunAsync_EveryConnectorStillSyncing_StartsNothing()
    {
        var project = Guid.NewGuid();
        _fixture.Registry.Connect(project, ConnectorTypes.QuickBooks, ConnectorTypes.Stripe);
        await RunJobAsync();

        await RunJobAsync();

        Assert.Single((await _fixture.GetJsonAsync(project, "/api/sync")).EnumerateArray());
        Assert.Equal(2, await _fixture.ScalarAsync(
            "SELECT count(*) FROM sync.outbox WHERE body->>'projectId' = @project",
            new { project = project.ToString() }));
    }

    [Fact]
    public async Task RunAsync_MoreProjectsThanOneTransactionTakes_StartsOneRunPerProjectAndOneRequestPerIdleConnector()
    {
        // Three transactions' worth of projects; one busy project falls in the middle one.
        var projects = Enumerable.Range(0, (SyncRunStarter.ScheduledChunkProjects * 2) + 10)
            .Select(_ => Guid.NewGuid())
            .Order()
            .ToList();
        var busy = projects[SyncRunStarter.ScheduledChunkProjects + 5];
        _fixture.Registry.Connect(busy, ConnectorTypes.Stripe);
        await _fixture.StartRunAsync(busy);
        foreach (var project in projects)
        {
            _fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.HubSpot);
        }

        await RunJobAsync();

        var requested = (await _fixture.QueryAsync<(string ProjectId, string Type)>(
            """
            SELECT o.body->>'projectId', o.body->>'type'
            FROM sync.outbox o JOIN sync.sync_runs r ON r.id = o.body->>'syncId'
            WHERE o.body->>'projectId' = ANY(@Projects) AND r.trigger = 'scheduled'
            """,
            new { Projects = projects.Select(project => project.ToString()).ToArray() })).ToList();
        Assert.Equal((projects.Count * 2) - 1, requested.Count);
        Assert.Equal(requested.Count, requested.Distinct().Count());
        Assert.DoesNotContain((busy.ToString(), ConnectorTypes.Stripe), requested);
        var busyRuns = (await _fixture.GetJsonAsync(busy, "/api/sync")).EnumerateArray().ToList();
        Assert.Equal(["hubspot"], Types(busyRuns[0]));
        var last = Assert.Single((await _fixture.GetJsonAsync(projects[^1], "/api/sync")).EnumerateArray());
        Assert.Equal(["hubspot", "stripe"], Types(last));
    }

    private async Task RunJobAsync()
    {
        await using var scope = _fixture.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScheduledSyncJob>().RunAsync(CancellationToken.None);
    }

    private static IEnumerable<string?> Types(System.Text.Json.JsonElement run) =>
        run.GetProperty("connectors").EnumerateArray().Select(connector => connector.GetProperty("type").GetString());
}
