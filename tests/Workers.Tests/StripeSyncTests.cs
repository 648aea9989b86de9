using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class StripeSyncTests(StripeSyncTests.Fixture fixture) : IClassFixture<StripeSyncTests.Fixture>
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Sync_NewConnector_LandsEveryObjectOfEveryResource()
    {
        var id = Seed(out _);

        var completed = await fixture.SyncAsync(id, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(
            [("charges", 5L, 5L), ("customers", 3L, 3L), ("invoices", 2L, 2L), ("subscriptions", 2L, 2L),
                ("balance_transactions", 3L, 3L)],
            completed.Streams.Select(stream => (stream.Stream, stream.Records, stream.Inserted)));
        Assert.Equal(5, await fixture.CountAsync("stripe_charges", id));
        Assert.Equal(2, await fixture.CountAsync("stripe_subscriptions", id));
        Assert.Equal(3, await fixture.CountAsync("stripe_balance_transactions", id));
        Assert.Equal(2000, await fixture.ScalarAsync<long>(
            "SELECT amount FROM data.stripe_charges WHERE project_id = @Project AND id = 'ch_2'",
            new { Project = id }));
        Assert.Equal("cus_1", await fixture.ScalarAsync<string>(
            "SELECT customer FROM data.stripe_charges WHERE project_id = @Project AND id = 'ch_2'",
            new { Project = id }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_KeepsTheSameRows()
    {
        var id = Seed(out _);
        await fixture.SyncAsync(id, ConnectorTypes.Stripe);

        var second = await fixture.SyncAsync(id, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        Assert.All(second.Streams, stream => Assert.Equal((0L, 0L), (stream.Inserted, stream.Updated)));
        Assert.Equal(5, await fixture.CountAsync("stripe_charges", id));
        Assert.Equal(3, await fixture.CountAsync("stripe_customers", id));
    }

    [Fact]
    public async Task Sync_ChargeRefundedAndNewChargeCreated_UpdatesOneAndInsertsOne()
    {
        var id = Seed(out var account);
        await fixture.SyncAsync(id, ConnectorTypes.Stripe);
        var refunded = account.Stripe["charges"].Single(charge => charge.Id == "ch_2");
        refunded.Status = "refunded";
        account.StripeEvents.Add(new("evt_1", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "charge.refunded",
            "charges", refunded));
        account.Stripe["charges"].Add(new FakeStripeObject
        {
            Id = "ch_9", Created = Now + 5, Amount = 9000, Status = "succeeded", Customer = "cus_2",
        });

        var completed = await fixture.SyncAsync(id, ConnectorTypes.Stripe);

        var charges = completed.Streams.Single(stream => stream.Stream == "charges");
        Assert.Equal((1L, 1L), (charges.Inserted, charges.Updated));
        Assert.Equal(6, await fixture.CountAsync("stripe_charges", id));
        Assert.Equal("refunded", await fixture.ScalarAsync<string>(
            "SELECT status FROM data.stripe_charges WHERE project_id = @Project AND id = 'ch_2'",
            new { Project = id }));
    }

    private Guid Seed(out FakeAccount account)
    {
        var projectId = Guid.NewGuid();
        account = fixture.Platforms.Account(projectId);
        for (var i = 1; i <= 5; i++)
        {
            account.Stripe["charges"].Add(Item($"ch_{i}", i, 1000 * i, "succeeded", $"cus_{(i % 2) + 1}"));
        }

        for (var i = 1; i <= 3; i++)
        {
            account.Stripe["customers"].Add(Item($"cus_{i}", i, null, null, null));
            account.Stripe["balance_transactions"].Add(Item($"txn_{i}", i, 500 * i, "available", null));
        }

        account.Stripe["invoices"].Add(Item("in_1", 1, 4000, "paid", "cus_1"));
        account.Stripe["invoices"].Add(Item("in_2", 2, 5000, "open", "cus_2"));
        account.Stripe["subscriptions"].Add(Item("sub_1", 1, null, "active", "cus_1"));
        account.Stripe["subscriptions"].Add(Item("sub_2", 2, null, "canceled", "cus_2"));
        return projectId;
    }

    private static FakeStripeObject Item(string id, int hoursAgo, long? amount, string? status, string? customer) =>
        new() { Id = id, Created = Now - (hoursAgo * 3600), Amount = amount, Status = status, Customer = customer };

    public sealed class Fixture : WorkerFixture;
}
