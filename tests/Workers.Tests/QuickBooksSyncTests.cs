using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class QuickBooksSyncTests(QuickBooksSyncTests.Fixture fixture)
    : IClassFixture<QuickBooksSyncTests.Fixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(
        DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    [Fact]
    public async Task Sync_NewConnector_QueriesAndLandsEveryObjectOfEveryEntity()
    {
        var project = Seed(out var account);

        var completed = await fixture.SyncAsync(project, ConnectorTypes.QuickBooks);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(
            [("invoices", "data.quickbooks_invoices", 3L, 3L), ("customers", "data.quickbooks_customers", 2L, 2L),
                ("payments", "data.quickbooks_payments", 2L, 2L)],
            completed.Streams.Select(stream => (stream.Stream, stream.Table, stream.Records, stream.Inserted)));
        Assert.Equal(0, account.QuickBooksCdcCalls);
        Assert.Equal(3, await fixture.CountAsync("quickbooks_invoices", project));
        Assert.Equal(250.75m, await fixture.ScalarAsync<decimal>(
            """
            SELECT total_amount FROM data.quickbooks_invoices
            WHERE project_id = @Project AND realm_id = '9130350' AND id = '2' AND NOT deleted
            """,
            new { Project = project }));
        Assert.Equal("Globex", await fixture.ScalarAsync<string>(
            "SELECT display_name FROM data.quickbooks_customers WHERE project_id = @Project AND id = '2'",
            new { Project = project }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_ReadsChangeDataCaptureAndInsertsNothing()
    {
        var project = Seed(out var account);
        await fixture.SyncAsync(project, ConnectorTypes.QuickBooks);
        var queries = account.QuickBooksQueryCalls;

        var second = await fixture.SyncAsync(project, ConnectorTypes.QuickBooks);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        Assert.All(second.Streams, stream => Assert.Equal((0L, 0L), (stream.Inserted, stream.Updated)));
        Assert.Equal((3, queries), (account.QuickBooksCdcCalls, account.QuickBooksQueryCalls));
        Assert.Equal(3, await fixture.CountAsync("quickbooks_invoices", project));
        Assert.Equal(2, await fixture.CountAsync("quickbooks_payments", project));
    }

    [Fact]
    public async Task Sync_ThrottledOnSecondPage_WaitsAndLandsEveryObject()
    {
        var project = Seed(out var account);
        account.ThrottleRequest = 2;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.QuickBooks);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(1, account.Throttled);
        Assert.Equal(3, completed.Streams[0].Records);
        Assert.Equal(3, await fixture.CountAsync("quickbooks_invoices", project));
        Assert.Equal(2, await fixture.CountAsync("quickbooks_customers", project));
    }

    [Fact]
    public async Task Sync_InvoiceDeletedSinceLastSync_MarksItDeletedAndKeepsItsValues()
    {
        var project = Seed(out var account);
        await fixture.SyncAsync(project, ConnectorTypes.QuickBooks);
        var invoice = account.QuickBooks["Invoice"].Single(item => item.Id == "2");
        invoice.Deleted = true;
        invoice.LastUpdated = Now.AddMinutes(1);

        var completed = await fixture.SyncAsync(project, ConnectorTypes.QuickBooks);

        var invoices = completed.Streams.Single(stream => stream.Stream == "invoices");
        Assert.Equal((1L, 0L, 1L), (invoices.Records, invoices.Inserted, invoices.Updated));
        Assert.True(await fixture.ScalarAsync<bool>(
            "SELECT deleted FROM data.quickbooks_invoices WHERE project_id = @Project AND id = '2'",
            new { Project = project }));
        Assert.Equal(250.75m, await fixture.ScalarAsync<decimal>(
            "SELECT total_amount FROM data.quickbooks_invoices WHERE project_id = @Project AND id = '2'",
            new { Project = project }));
        Assert.Equal(3, await fixture.CountAsync("quickbooks_invoices", project));
    }

    private Guid Seed(out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        var invoices = account.QuickBooks["Invoice"];
        invoices.Add(Transaction("1", daysAgo: 10, 100m, "1", "Acme"));
        invoices.Add(Transaction("2", daysAgo: 5, 250.75m, "2", "Globex"));
        invoices.Add(Transaction("3", daysAgo: 2, 80m, "1", "Acme"));
        account.QuickBooks["Customer"].Add(Customer("1", "Acme"));
        account.QuickBooks["Customer"].Add(Customer("2", "Globex"));
        account.QuickBooks["Payment"].Add(Transaction("7", daysAgo: 4, 100m, "1", "Acme"));
        account.QuickBooks["Payment"].Add(Transaction("8", daysAgo: 1, 250.75m, "2", "Globex"));
        return project;
    }

    private static FakeQuickBooksObject Transaction(
        string id,
        int daysAgo,
        decimal amount,
        string customerId,
        string customerName) => new()
        {
            Id = id,
            LastUpdated = Now.AddDays(-daysAgo),
            TxnDate = DateOnly.FromDateTime(Now.AddDays(-daysAgo).UtcDateTime),
            TotalAmt = amount,
            Balance = amount / 2,
            CustomerId = customerId,
            DisplayName = customerName,
        };

    private static FakeQuickBooksObject Customer(string id, string name) => new()
    {
        Id = id,
        LastUpdated = Now.AddDays(-20),
        DisplayName = name,
        Balance = 0m,
    };

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Sync:QuickBooksPageSize"] = "2",
        };
    }
}
