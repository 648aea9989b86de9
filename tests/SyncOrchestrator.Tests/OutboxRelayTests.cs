using Connectors.Contracts;
using Connectors.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connectors.SyncOrchestrator.Tests;

public sealed class OutboxRelayTests(OrchestratorFixture fixture) : IClassFixture<OrchestratorFixture>
{
    // A routing key no worker type uses, so the probe's queue receives this test's requests alone.
    private const string Type = "relay_probe";

    [Fact]
    public async Task Relay_SeveralBatchesWaiting_PublishesEveryRequestOnceAndMarksAllSent()
    {
        await using var probe = await SyncRequestProbe.BindAsync(fixture.VirtualHost.Amqp, Type);
        var written = Enumerable.Range(0, 700).Select(_ => "sync_" + Guid.NewGuid().ToString("N")).ToList();

        await WriteRequestsAsync(written);
        var received = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            received.AddRange((await probe.DrainAsync(Type)).Select(message =>
                message.GetProperty("syncId").GetString()!));
            return received.Count >= written.Count;
        }, "every request reached the queue");
        await fixture.OutboxDrainedAsync();

        Assert.Equal(written.Order(), received.Order());
        Assert.Empty(await probe.DrainAsync(Type));
    }

    private async Task WriteRequestsAsync(IEnumerable<string> syncIds)
    {
        var outbox = fixture.Factory.Services.GetRequiredService<Outbox>();
        var dataSource = fixture.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var syncId in syncIds)
        {
            await outbox.AddAsync(connection, transaction, new SyncRequested
            {
                SyncId = syncId,
                ProjectId = Guid.NewGuid(),
                Type = Type,
                Trigger = SyncTrigger.Scheduled,
                RequestedAt = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
        }

        await transaction.CommitAsync();
    }
}
