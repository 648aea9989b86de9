using System.Net;
using System.Net.Http.Json;
using Connectors.Contracts;
using Dapper;

namespace Connectors.EndToEnd.Tests;

/// <summary>
/// The sample downstream consumer subscribes to <c>SyncCompleted</c> and reads, from what the event says, the rows
/// each sync changed: exactly those, no more and no fewer.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ChangedRowsConsumerTests(SystemFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Sample_SyncAfterThePlatformChanged_ReadsExactlyTheRowsTheSyncInsertedOrUpdated()
    {
        await using var sample = await ChangedRowsSample.StartAsync(fixture.System, "e2e-changed-rows-sample");
        var (project, api) = await fixture.NewProjectAsync("changed rows sample");
        var (account, key) = await Accounts.StripeAsync(fixture.Sandbox);
        var connected = await api.PostAsJsonAsync(
            "/api/connectors", new { type = "stripe", credentials = new { apiKey = key } });
        Assert.Equal(HttpStatusCode.Created, connected.StatusCode);
        var full = await SyncAsync(api);
        // A row carries the id of the last sync that changed it: the sample reads the first sync before the next.
        await AssertSampleReadExactlyAsync(project.ProjectId, full);
        var customers = await fixture.Sandbox.MutateAsync("stripe", account, "customers", update: 2, create: 1,
            delete: 1);
        var charges = await fixture.Sandbox.MutateAsync("stripe", account, "charges", update: 1, create: 0);

        var incremental = await SyncAsync(api);

        await AssertSampleReadExactlyAsync(project.ProjectId, incremental);
        Assert.Equal(["data.stripe_charges", "data.stripe_customers"], await SampleTablesAsync(incremental.SyncId));
        Assert.Equal(
            customers.Updated.Concat(customers.Created).Concat(customers.Deleted).Order(StringComparer.Ordinal),
            await SampleKeysAsync(incremental.SyncId, "data.stripe_customers"));
        Assert.Equal(charges.Updated.Order(StringComparer.Ordinal),
            await SampleKeysAsync(incremental.SyncId, "data.stripe_charges"));
    }

    /// <summary>
    /// For every table the sync changed, the sample read the rows that carry the sync's id, as many as the event
    /// said it inserted and updated.
    /// </summary>
    private async Task AssertSampleReadExactlyAsync(Guid project, SyncCompleted completion)
    {
        var changed = completion.Streams.Where(s => s.Inserted + s.Updated > 0).ToList();
        Assert.NotEmpty(changed);
        await WaitForSampleAsync(completion.SyncId, changed.Count);
        foreach (var stream in changed)
        {
            var read = await SampleKeysAsync(completion.SyncId, stream.Table);
            Assert.Equal(await ChangedKeysAsync(project, completion.SyncId, stream.Table), read);
            Assert.Equal(stream.Inserted + stream.Updated, read.Count);
            Assert.Equal((stream.Inserted, stream.Updated, (long)read.Count),
                await SampleCountsAsync(completion.SyncId, stream.Table));
        }
    }

    private async Task<SyncCompleted> SyncAsync(HttpClient api)
    {
        var response = await api.PostAsync("/api/sync/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncStartedResponse>())!;
        var completion = Assert.Single(await fixture.Analytics.WaitForAsync(started.SyncId, 1, Timeout));
        Assert.Equal(SyncOutcome.Succeeded, completion.Status);
        return completion;
    }

    /// <summary>Waits until the sample has recorded every changed table of the sync.</summary>
    private async Task WaitForSampleAsync(string syncId, int tables)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while ((await SampleTablesAsync(syncId)).Count < tables)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The sample did not read the {tables} tables of {syncId}.");
            await Task.Delay(250);
        }
    }

    private async Task<List<string>> SampleTablesAsync(string syncId)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT table_name FROM downstream.table_changes WHERE sync_id = @SyncId ORDER BY table_name",
            new { SyncId = syncId })];
    }

    private async Task<List<string>> SampleKeysAsync(string syncId, string table)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            """
            SELECT record_key->>'id' FROM downstream.changed_records
            WHERE sync_id = @SyncId AND table_name = @Table ORDER BY record_key->>'id' COLLATE "C"
            """,
            new { SyncId = syncId, Table = table })];
    }

    private async Task<(long Inserted, long Updated, long RowsRead)> SampleCountsAsync(string syncId, string table)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long)>(
            """
            SELECT inserted, updated, rows_read FROM downstream.table_changes
            WHERE sync_id = @SyncId AND table_name = @Table
            """,
            new { SyncId = syncId, Table = table });
    }

    /// <summary>What the product's table says the sync changed, read by the test on its own.</summary>
    private async Task<List<string>> ChangedKeysAsync(Guid project, string syncId, string table)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            $"SELECT id FROM {table} WHERE project_id = @Project AND sync_id = @SyncId ORDER BY id COLLATE \"C\"",
            new { Project = project, SyncId = syncId })];
    }
}
