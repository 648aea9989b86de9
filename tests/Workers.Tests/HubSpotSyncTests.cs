using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class HubSpotSyncTests(HubSpotSyncTests.Fixture fixture) : IClassFixture<HubSpotSyncTests.Fixture>
{
    private const int SearchCap = 10;

    private static readonly DateTimeOffset Origin = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sync_NewConnector_ListsAndLandsEveryObject()
    {
        var project = Seed(contacts: 7, out _);

        var completed = await fixture.SyncAsync(project, ConnectorTypes.HubSpot);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(
            [("contacts", "data.hubspot_contacts", 7L, 7L), ("companies", "data.hubspot_companies", 2L, 2L),
                ("deals", "data.hubspot_deals", 3L, 3L)],
            completed.Streams.Select(stream => (stream.Stream, stream.Table, stream.Records, stream.Inserted)));
        Assert.Equal(7, await fixture.CountAsync("hubspot_contacts", project));
        Assert.Equal(3, await fixture.CountAsync("hubspot_deals", project));
        Assert.Equal("person4@example.com", await fixture.ScalarAsync<string>(
            "SELECT properties->>'email' FROM data.hubspot_contacts WHERE project_id = @Project AND id = '4'",
            new { Project = project }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_InsertsNothing()
    {
        var project = Seed(contacts: 7, out _);
        await fixture.SyncAsync(project, ConnectorTypes.HubSpot);

        var second = await fixture.SyncAsync(project, ConnectorTypes.HubSpot);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        Assert.All(second.Streams, stream => Assert.Equal((0L, 0L), (stream.Inserted, stream.Updated)));
        Assert.Equal(7, await fixture.CountAsync("hubspot_contacts", project));
        Assert.Equal(2, await fixture.CountAsync("hubspot_companies", project));
    }

    [Fact]
    public async Task Sync_ContactsModifiedSinceLastSync_SearchesAndUpdatesThem()
    {
        var project = Seed(contacts: 7, out var account);
        await fixture.SyncAsync(project, ConnectorTypes.HubSpot);
        var now = Truncated(DateTimeOffset.UtcNow);
        foreach (var contact in account.HubSpot["contacts"].Where(contact => contact.Id is "2" or "5"))
        {
            contact.Properties["firstname"] = "Renamed";
            contact.UpdatedAt = now;
        }

        var completed = await fixture.SyncAsync(project, ConnectorTypes.HubSpot);

        var contacts = completed.Streams.Single(stream => stream.Stream == "contacts");
        Assert.Equal((0L, 2L), (contacts.Inserted, contacts.Updated));
        Assert.Equal(2, await fixture.ScalarAsync<long>(
            """
            SELECT count(*) FROM data.hubspot_contacts
            WHERE project_id = @Project AND properties->>'firstname' = 'Renamed' AND id IN ('2', '5')
            """,
            new { Project = project }));
        Assert.Equal(7, await fixture.CountAsync("hubspot_contacts", project));
    }

    [Fact]
    public async Task Sync_RateLimitedWithoutRetryAfterOnSecondPage_BacksOffAndLandsEveryObject()
    {
        var project = Seed(contacts: 7, out var account);
        account.ThrottleRequest = 2;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.HubSpot);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(1, account.Throttled);
        Assert.Equal(7, completed.Streams[0].Records);
        Assert.Equal(7, await fixture.CountAsync("hubspot_contacts", project));
    }

    [Fact]
    public async Task Sync_MoreChangesThanOneSearchCanPage_RestartsFromLastModificationAndMissesNone()
    {
        var project = Seed(contacts: 30, out var account);
        await fixture.SyncAsync(project, ConnectorTypes.HubSpot);
        var now = Truncated(DateTimeOffset.UtcNow);
        foreach (var contact in account.HubSpot["contacts"].Where(contact => int.Parse(contact.Id) <= 25))
        {
            // Pairs share a modification time, so some pairs straddle a restart of the search.
            contact.UpdatedAt = now.AddMilliseconds(int.Parse(contact.Id) / 2);
            contact.Properties["firstname"] = "Second round";
        }

        var completed = await fixture.SyncAsync(project, ConnectorTypes.HubSpot);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        var contacts = completed.Streams.Single(stream => stream.Stream == "contacts");
        Assert.Equal((26L, 0L, 25L), (contacts.Records, contacts.Inserted, contacts.Updated));
        Assert.Equal(25, await fixture.ScalarAsync<long>(
            """
            SELECT count(*) FROM data.hubspot_contacts
            WHERE project_id = @Project AND properties->>'firstname' = 'Second round'
            """,
            new { Project = project }));
        Assert.Equal(30, await fixture.CountAsync("hubspot_contacts", project));
    }

    private Guid Seed(int contacts, out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        for (var i = 1; i <= contacts; i++)
        {
            account.HubSpot["contacts"].Add(Item(i, ("email", $"person{i}@example.com"), ("firstname", $"Person {i}")));
        }

        account.HubSpot["companies"].Add(Item(1, ("name", "Acme"), ("domain", "acme.example")));
        account.HubSpot["companies"].Add(Item(2, ("name", "Globex"), ("domain", "globex.example")));
        for (var i = 1; i <= 3; i++)
        {
            account.HubSpot["deals"].Add(Item(i, ("dealname", $"Deal {i}"), ("amount", $"{i}000")));
        }

        return project;
    }

    private static FakeHubObject Item(int id, params (string Name, string Value)[] properties)
    {
        var item = new FakeHubObject
        {
            Id = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = Origin.AddMinutes(id),
            UpdatedAt = Origin.AddMinutes(id),
        };
        foreach (var (name, value) in properties)
        {
            item.Properties[name] = value;
        }

        return item;
    }

    private static DateTimeOffset Truncated(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Sync:HubSpotSearchResultCap"] = SearchCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sync:HubSpotSearchPageSize"] = "4",
        };

        protected override FakePlatforms CreatePlatforms() => new() { HubSpotSearchCap = SearchCap };
    }
}
