using System.Net;
using System.Text.Json;
using Connectors.Contracts;

namespace Connectors.Platforms.Tests;

/// <summary>
/// What every platform must do through the running system: land exactly the platform's records, follow its
/// changes, sit out its throttling, stop on a revoked grant and forget a disconnected account. Each test works in a
/// project and a sandbox account of its own.
/// </summary>
public abstract class PlatformScenarios(PlatformsFixture fixture, PlatformCase platform)
{
    protected PlatformCase Platform { get; } = platform;

    protected PlatformSteps Steps { get; } = new(fixture, platform);

    protected PlatformsFixture Fixture { get; } = fixture;

    [Fact]
    public async Task Sync_FullThenPlatformChanges_LandsExactlyThePlatformsRecords()
    {
        var connection = await Steps.ConnectNewAsync("full and incremental");
        var account = await Steps.Sandbox.AccountAsync(Platform.Type, connection.Account);

        var full = await Steps.SyncAsync(connection);

        Assert.Equal(SyncOutcome.Succeeded, full.Status);
        Assert.Null(full.Error);
        Assert.Equal(account.Streams.Keys.Order(), full.Streams.Select(s => s.Stream).Order());
        await AssertLandedExactlyAsync(connection, full);
        var connector = await Steps.ConnectorAsync(connection);
        Assert.Equal("connected", connector?.Status);
        Assert.Equal(Platform.ExpectedAccountName(account), connector?.AccountName);

        var before = await Steps.ServedAsync(connection.Account, full);
        var mutation = await Steps.Sandbox.MutateAsync(Platform.Type, connection.Account, Platform.MutatedStream,
            Platform.Updates, Platform.Creates, Platform.Deletes);
        var rowsBefore = await RowsAsync(connection, full);
        var incremental = await Steps.SyncAsync(connection);

        Assert.Equal(SyncOutcome.Succeeded, incremental.Status);
        await AssertLandedExactlyAsync(connection, incremental, full: false);
        var after = await Steps.ServedAsync(connection.Account, incremental);
        foreach (var stream in incremental.Streams)
        {
            var created = after[stream.Stream].Except(before[stream.Stream]).ToList();
            var updated = stream.Stream == Platform.MutatedStream
                ? mutation.Updated.Intersect(after[stream.Stream]).ToList()
                : [];
            var deleted = stream.Stream == Platform.MutatedStream ? mutation.Deleted : [];
            var changed = await Steps.ChangedByAsync(connection.ProjectId, stream, incremental.SyncId);

            Assert.Equal(
                created.Concat(updated).Concat(deleted).Order(StringComparer.Ordinal),
                changed.Order(StringComparer.Ordinal));
            Assert.Equal(created.Count, stream.Inserted);
            Assert.Equal(updated.Count + deleted.Count, stream.Updated);
            Assert.Equal(rowsBefore[stream.Stream] + created.Count,
                await Steps.TotalRowsAsync(connection.ProjectId, stream));
        }

        if (Platform.Deletes > 0)
        {
            var stream = incremental.Streams.Single(s => s.Stream == Platform.MutatedStream);
            Assert.Equal(mutation.Deleted.Order(), (await Steps.DeletedAsync(connection.ProjectId, stream)).Order());
        }
    }

    [Fact]
    public async Task Sync_ThrottledMidPaging_WaitsAndLandsEverything()
    {
        var connection = await Steps.ConnectNewAsync("throttled");
        await Steps.Sandbox.ArmFaultAsync(Platform.Type, connection.Account,
            new { kind = "rate_limit", stream = Platform.PagedStream, atPage = 2, retryAfterSeconds = 1 });

        var completion = await Steps.SyncAsync(connection);

        Assert.Equal(SyncOutcome.Succeeded, completion.Status);
        await AssertLandedExactlyAsync(connection, completion);
        var data = (await Steps.RequestsAsync(connection.Account)).Where(r => r.Kind == "data").ToList();
        var throttled = data.FindIndex(r => r.Status == Platform.ThrottleStatus);
        Assert.True(throttled >= 1, "The sandbox never answered with its throttle signal after the first page.");
        Assert.Equal(200, data[throttled + 1].Status);
        if (Platform.ThrottleNamesDelay)
        {
            Assert.True(data[throttled + 1].Time - data[throttled].Time >= TimeSpan.FromSeconds(0.9),
                "The worker asked again before the wait the platform named.");
        }
    }

    [Fact]
    public async Task Sync_GrantRevoked_MarksReauthRequiredAndSkipsLaterSyncs()
    {
        var connection = await Steps.ConnectNewAsync("revoked");
        await Steps.Sandbox.ArmFaultAsync(Platform.Type, connection.Account,
            new { kind = "revoke_grant", stream = Platform.PagedStream, atPage = 2 });

        var revoked = await Steps.SyncAsync(connection);

        Assert.Contains(revoked.Status, new[] { SyncOutcome.Failed, SyncOutcome.Skipped });
        Assert.Equal(FailureClass.Auth, revoked.Error?.Class);
        var connector = await Steps.ConnectorAsync(connection);
        Assert.Equal("reauth_required", connector?.Status);
        Assert.False(string.IsNullOrWhiteSpace(connector?.StatusReason));

        var dataCalls = await DataCallsAsync(connection);
        var further = await Steps.StartSyncAsync(connection);

        if (further.StatusCode == HttpStatusCode.Accepted)
        {
            var skipped = await Steps.CompletionAsync(further);
            Assert.Equal(SyncOutcome.Skipped, skipped.Status);
            Assert.Equal(FailureClass.Auth, skipped.Error?.Class);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, further.StatusCode);
        }

        Assert.Equal(dataCalls, await DataCallsAsync(connection));
        Assert.Equal("reauth_required", (await Steps.ConnectorAsync(connection))?.Status);
    }

    [Fact]
    public async Task Disconnect_Connected_RevokesWhereOfferedAndForgetsTheConnection()
    {
        var connection = await Steps.ConnectNewAsync("disconnect");
        Assert.NotNull(await Steps.CredentialAsync(connection.ProjectId));

        var response = await connection.Api.DeleteAsync($"/api/connectors?type={Platform.Type}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Platform.OffersRevocation, body.RootElement.GetProperty("revoked").GetBoolean());
        var revocations = (await Steps.RequestsAsync(connection.Account)).Where(r => r.Kind == "revoke").ToList();
        if (Platform.OffersRevocation)
        {
            Assert.Equal(200, Assert.Single(revocations).Status);
        }
        else
        {
            Assert.Empty(revocations);
        }

        Assert.Null(await Steps.CredentialAsync(connection.ProjectId));
        Assert.Null(await Steps.ConnectorAsync(connection));
    }

    /// <summary>Every stream's live rows are exactly the keys the platform serves in the window read.</summary>
    protected async Task AssertLandedExactlyAsync(Connection connection, SyncCompleted completion, bool full = true)
    {
        var served = await Steps.ServedAsync(connection.Account, completion);
        foreach (var stream in completion.Streams)
        {
            var landed = await Steps.LandedAsync(connection.ProjectId, stream);
            Assert.Equal(served[stream.Stream].Order(StringComparer.Ordinal), landed.Order(StringComparer.Ordinal));
            if (full)
            {
                Assert.Equal(served[stream.Stream].Count, stream.Records);
            }
        }
    }

    protected async Task<int> DataCallsAsync(Connection connection) =>
        (await Steps.RequestsAsync(connection.Account)).Count(r => r.Kind == "data");

    private async Task<Dictionary<string, long>> RowsAsync(Connection connection, SyncCompleted completion)
    {
        var rows = new Dictionary<string, long>();
        foreach (var stream in completion.Streams)
        {
            rows[stream.Stream] = await Steps.TotalRowsAsync(connection.ProjectId, stream);
        }

        return rows;
    }
}
