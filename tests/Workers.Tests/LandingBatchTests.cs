using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

/// <summary>
/// A stream whose pages land in several batches (Stripe pages of 2, batches of at least 3 rows): every record lands
/// once, the counts are those of the table, and a failure part way keeps what was read before it.
/// </summary>
public sealed class LandingBatchTests(LandingBatchTests.Fixture fixture) : IClassFixture<LandingBatchTests.Fixture>
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Sync_MoreRecordsThanOneBatch_LandsEachOnceAndCountsWhatChanged()
    {
        var project = Seed(charges: 9, out var account);
        var first = await fixture.SyncAsync(project, ConnectorTypes.Stripe);
        account.Stripe["charges"].Single(charge => charge.Id == "ch_2").Status = "refunded";
        account.Stripe["charges"].Single(charge => charge.Id == "ch_8").Amount = 1;
        account.Stripe["charges"].Add(Charge(10));
        // Without its cursor the stream is read in full again: every record passes through the batches once more.
        await fixture.ScalarAsync<long?>(
            "DELETE FROM data.stream_cursors WHERE project_id = @Project", new { Project = project });

        var second = await fixture.SyncAsync(project, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Succeeded, first.Status);
        Assert.Equal((9L, 9L, 0L), Counts(first));
        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        Assert.Equal((10L, 1L, 2L), Counts(second));
        Assert.Equal(10, await fixture.CountAsync("stripe_charges", project));
        Assert.Equal(1, await fixture.ScalarAsync<long>(
            "SELECT amount FROM data.stripe_charges WHERE project_id = @Project AND id = 'ch_8'",
            new { Project = project }));
    }

    [Fact]
    public async Task Sync_PlatformFailsPartWay_KeepsThePagesReadBeforeAndTheNextSyncLandsTheRest()
    {
        var project = Seed(charges: 9, out var account);
        account.FailFromRequest = 4;

        var failed = await fixture.SyncAsync(project, ConnectorTypes.Stripe);
        var landedBefore = await fixture.CountAsync("stripe_charges", project);
        account.FailFromRequest = 0;
        var next = await fixture.SyncAsync(project, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Failed, failed.Status);
        Assert.Equal(FailureClass.Transient, failed.Error!.Class);
        Assert.Equal((6L, 6L, 0L), Counts(failed));
        Assert.Equal(6, landedBefore);
        Assert.Equal(SyncOutcome.Succeeded, next.Status);
        Assert.Equal((9L, 3L, 0L), Counts(next));
        Assert.Equal(9, await fixture.CountAsync("stripe_charges", project));
    }

    private static (long Records, long Inserted, long Updated) Counts(SyncCompleted completed)
    {
        var charges = completed.Streams.Single(stream => stream.Stream == "charges");
        return (charges.Records, charges.Inserted, charges.Updated);
    }

    private Guid Seed(int charges, out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        for (var i = 1; i <= charges; i++)
        {
            account.Stripe["charges"].Add(Charge(i));
        }

        return project;
    }

    private static FakeStripeObject Charge(int i) => new()
    {
        Id = $"ch_{i}",
        Created = Now - (i * 60),
        Amount = 100 * i,
        Status = "succeeded",
        Customer = "cus_1",
    };

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Sync:LandingBatchRows"] = "3",
        };
    }
}
