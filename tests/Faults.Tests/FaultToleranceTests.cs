using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;

namespace Connectors.Faults.Tests;

/// <summary>
/// Nothing lost, nothing duplicated: whatever breaks during a sync, the run ends with exactly the platform's records
/// in PostgreSQL, each once, and says how it ended.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultToleranceTests(FaultsFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private const int HoldSeconds = 6;

    [Fact]
    public async Task Sync_RabbitMqRestartsMidway_LandsEveryRecordOnce()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("rabbit restart");
        await fixture.HoldAsync(account, "customers", HoldSeconds);
        var syncId = await StartSyncAsync(api);
        await fixture.WaitUntilHeldAsync(account);

        await fixture.Servers.RestartRabbitAsync();
        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);

        await AssertLandedExactlyAsync(project, account, run);
    }

    [Fact]
    public async Task Sync_PostgresRestartsMidway_LandsEveryRecordOnce()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("postgres restart");
        await fixture.HoldAsync(account, "customers", HoldSeconds);
        var syncId = await StartSyncAsync(api);
        await fixture.WaitUntilHeldAsync(account);

        await fixture.Servers.RestartPostgresAsync();
        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);

        await AssertLandedExactlyAsync(project, account, run);
    }

    [Fact]
    public async Task Sync_WorkerKilledMidway_IsRedeliveredAndLandsEveryRecordOnce()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("worker killed");
        await fixture.HoldAsync(account, "customers", HoldSeconds);
        var syncId = await StartSyncAsync(api);
        await fixture.WaitUntilHeldAsync(account);

        await fixture.System.KillAsync("Workers");
        await fixture.System.RestartAsync("Workers");
        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);

        await AssertLandedExactlyAsync(project, account, run);
        // The dead worker's lease expired; the redelivered request was taken over as a second attempt.
        var connector = Assert.Single(run.Connectors);
        Assert.Equal(["interrupted", "succeeded"], connector.Attempts.Select(attempt => attempt.Outcome));
        Assert.Equal(2, connector.Attempt);
    }

    [Fact]
    public async Task Sync_PlatformFailsPastTheInPlaceRetries_IsTriedAgainAsANewAttemptAndLandsEveryRecordOnce()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("server errors");
        // Six 500s in a row exhaust the in-place retries of one call; the attempt fails as transient.
        await fixture.ArmAsync(account, new { kind = "server_error", stream = "invoices", atPage = 2, times = 6 });
        var syncId = await StartSyncAsync(api);

        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);

        await AssertLandedExactlyAsync(project, account, run);
        var connector = Assert.Single(run.Connectors);
        Assert.Equal(["failed", "succeeded"], connector.Attempts.Select(attempt => attempt.Outcome));
        var failed = connector.Attempts[0];
        Assert.Equal("transient", failed.Error?.Class);
        Assert.Contains("500", failed.Error?.Message, StringComparison.Ordinal);
        Assert.NotNull(failed.RetryAt);
    }

    [Fact]
    public async Task Sync_QuotaRunsOut_PausesUntilTheResetThenResumesAndLandsEveryRecordOnce()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("quota");
        // Longer than the worker waits in place: the attempt ends and the connector waits for the reset.
        await fixture.ArmAsync(account,
            new { kind = "quota_exhausted", stream = "invoices", atPage = 2, times = 1, retryAfterSeconds = 12 });
        var syncId = await StartSyncAsync(api);

        var paused = await FaultsFixture.WaitForAsync(
            api, syncId, run => run.Connectors.Single().WaitingReason is not null, RunTimeout);
        var waiting = Assert.Single(paused.Connectors);
        Assert.Equal("queued", waiting.State);
        Assert.StartsWith("Paused: the stripe quota ran out", waiting.WaitingReason, StringComparison.Ordinal);
        Assert.NotNull(waiting.NextAttemptAt);
        Assert.True(waiting.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(2), "the pause lasts until the reset");
        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);

        await AssertLandedExactlyAsync(project, account, run);
        var connector = Assert.Single(run.Connectors);
        Assert.Equal(["failed", "succeeded"], connector.Attempts.Select(attempt => attempt.Outcome));
        Assert.Equal("quota", connector.Attempts[0].Error?.Class);
        Assert.Null(connector.WaitingReason);
    }

    [Fact]
    public async Task Disconnect_WhileSyncing_CancelsTheRunAndTheWorkerStopsCallingThePlatform()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("disconnect midway");
        await fixture.HoldAsync(account, "customers", HoldSeconds);
        var syncId = await StartSyncAsync(api);
        await fixture.WaitUntilHeldAsync(account);

        (await api.DeleteAsync("/api/connectors?type=stripe")).EnsureSuccessStatusCode();
        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);
        // The worker notices within a renewal of its lease (a second here); give it that, then count.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var requestsAfterStop = (await fixture.Sandbox.RequestsAsync("stripe", account)).Count;
        await Task.Delay(TimeSpan.FromSeconds(HoldSeconds + 2));

        Assert.Equal("cancelled", run.Status);
        var connector = Assert.Single(run.Connectors);
        Assert.Equal("cancelled", connector.State);
        Assert.Contains("disconnected", connector.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(requestsAfterStop, (await fixture.Sandbox.RequestsAsync("stripe", account)).Count);
        var landed = await fixture.LandedKeysAsync("data.stripe_customers", project);
        Assert.Equal(landed.Distinct().Count(), landed.Count);
    }

    [Fact]
    public async Task Sync_PostgresDownLongerThanTheWorkerRetries_EndsFailedWithTheReasonAndNoDoubles()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("postgres gone");
        await fixture.HoldAsync(account, "customers", HoldSeconds);
        var syncId = await StartSyncAsync(api);
        await fixture.WaitUntilHeldAsync(account);

        await fixture.Servers.StopPostgresAsync();
        try
        {
            await WaitForErrorQueueAsync("sync-stripe_error");
        }
        finally
        {
            await fixture.Servers.StartPostgresAsync();
        }

        var run = await FaultsFixture.WaitFinishedAsync(api, syncId, RunTimeout);
        Assert.Equal("failed", run.Status);
        var connector = Assert.Single(run.Connectors);
        Assert.Equal("transient", connector.Error?.Class);
        Assert.Contains("gave up", connector.Error?.Message, StringComparison.Ordinal);
        foreach (var table in (await fixture.Sandbox.AccountAsync("stripe", account)).Streams.Keys
            .Select(stream => $"data.stripe_{stream}"))
        {
            var landed = await fixture.LandedKeysAsync(table, project);
            Assert.Equal(landed.Distinct().Count(), landed.Count);
        }
    }

    [Fact]
    public async Task StartSync_RabbitMqDown_AcceptsAtOnceAndDeliversWhenItReturns()
    {
        var (project, api, account) = await fixture.ConnectedProjectAsync("rabbit down");
        using var impatient = new HttpClient
        {
            BaseAddress = api.BaseAddress,
            Timeout = TimeSpan.FromSeconds(1),
        };
        impatient.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        await fixture.Servers.StopRabbitAsync();
        HttpResponseMessage response;
        try
        {
            response = await impatient.PostAsync("/api/sync/run", null);
        }
        finally
        {
            await fixture.Servers.StartRabbitAsync();
        }

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncStartedResponse>())!;
        var run = await FaultsFixture.WaitFinishedAsync(api, started.SyncId, RunTimeout);
        await AssertLandedExactlyAsync(project, account, run);
    }

    [Fact]
    public async Task StartSync_PostgresDown_AnswersServiceUnavailableAndWritesNothing()
    {
        var (project, api, _) = await fixture.ConnectedProjectAsync("postgres down");
        await fixture.Servers.StopPostgresAsync();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await api.PostAsync("/api/sync/run", null);
            body = await response.Content.ReadAsStringAsync();
        }
        finally
        {
            await fixture.Servers.StartPostgresAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":503", body, StringComparison.Ordinal);
        await using var dataSource = NpgsqlDataSource.Create(fixture.System.Database.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sync.sync_runs WHERE project_id = @Project", new { Project = project }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sync.outbox WHERE body->>'projectId' = @Project",
            new { Project = project.ToString() }));
    }

    private async Task WaitForErrorQueueAsync(string queue)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (await fixture.System.VirtualHost.MessagesReadyAsync(queue) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Nothing reached {queue}.");
            await Task.Delay(500);
        }
    }

    private static async Task<string> StartSyncAsync(HttpClient api)
    {
        var response = await api.PostAsync("/api/sync/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SyncStartedResponse>())!.SyncId;
    }

    private async Task AssertLandedExactlyAsync(Guid project, string account, SyncRun run)
    {
        Assert.Equal("succeeded", run.Status);
        Assert.NotNull(run.FinishedAt);
        var connector = Assert.Single(run.Connectors);
        Assert.Equal("succeeded", connector.State);
        var served = (await fixture.Sandbox.AccountAsync("stripe", account)).Streams;
        Assert.Equal(served.Keys.Order(), connector.Streams.Select(stream => stream.Stream).Order());
        foreach (var stream in connector.Streams)
        {
            var landed = await fixture.LandedKeysAsync(stream.Table, project);

            Assert.Equal(
                served[stream.Stream].Keys.Order(StringComparer.Ordinal),
                landed.Order(StringComparer.Ordinal));
        }
    }
}
