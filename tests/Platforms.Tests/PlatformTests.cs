using Connectors.Contracts;
using Dapper;

namespace Connectors.Platforms.Tests;

[Collection(PlatformsCollection.Name)]
public sealed class GoogleAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.GoogleAds);

[Collection(PlatformsCollection.Name)]
public sealed class GoogleAnalyticsTests(PlatformsFixture fixture)
    : OAuthPlatformScenarios(fixture, Platforms.GoogleAnalytics);

[Collection(PlatformsCollection.Name)]
public sealed class HubSpotTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.HubSpot);

/// <summary>
/// Stripe is connected with a secret API key, which neither expires nor refreshes, so the token scenarios do not
/// apply; a key is not revoked through the API either (it is rolled in the dashboard). Stripe lists objects by
/// creation time only, so changes to old objects come from its Events API, kept 30 days.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class StripeTests(PlatformsFixture fixture) : PlatformScenarios(fixture, Platforms.Stripe)
{
    [Fact]
    public async Task Sync_OldObjectChanged_LandsTheChange()
    {
        var connection = await Steps.ConnectNewAsync("old object changed");
        await Steps.SyncAsync(connection);
        var mutation = await Steps.Sandbox.MutateAsync("stripe", connection.Account, "charges", update: 2, create: 0);

        var incremental = await Steps.SyncAsync(connection);

        Assert.Equal(SyncOutcome.Succeeded, incremental.Status);
        var charges = incremental.Streams.Single(s => s.Stream == "charges");
        Assert.Equal(mutation.Updated.Order(), (await Steps.ChangedByAsync(
            connection.ProjectId, charges, incremental.SyncId)).Order());
        Assert.Equal(2, charges.Updated);
        var oldest = await CreatedAsync(connection, "stripe_charges", mutation.Updated);
        Assert.All(oldest, created => Assert.True(created < DateTime.UtcNow.AddDays(-30),
            "the changed charges should be older than any trailing window"));
        await using var database = await Fixture.Database.OpenConnectionAsync();
        var refunded = await database.QueryAsync<long>(
            "SELECT (raw->>'amount_refunded')::bigint FROM data.stripe_charges "
            + "WHERE project_id = @Project AND id = ANY(@Ids)",
            new { Project = connection.ProjectId, Ids = mutation.Updated.ToArray() });
        Assert.Equal([100L, 100L], refunded);
    }

    [Fact]
    public async Task Sync_CustomerDeleted_KeepsTheRowMarkedDeleted()
    {
        var connection = await Steps.ConnectNewAsync("customer deleted");
        var full = await Steps.SyncAsync(connection);
        var mutation = await Steps.Sandbox.MutateAsync(
            "stripe", connection.Account, "customers", update: 0, create: 0, delete: 1);

        var incremental = await Steps.SyncAsync(connection);

        var customers = incremental.Streams.Single(s => s.Stream == "customers");
        var deleted = Assert.Single(mutation.Deleted);
        Assert.Equal([deleted], await Steps.DeletedAsync(connection.ProjectId, customers));
        Assert.Equal([deleted], await Steps.ChangedByAsync(connection.ProjectId, customers, incremental.SyncId));
        Assert.Equal((0L, 1L), (customers.Inserted, customers.Updated));
        Assert.Equal(full.Streams.Single(s => s.Stream == "customers").Records,
            await Steps.TotalRowsAsync(connection.ProjectId, customers));
        await AssertLandedExactlyAsync(connection, incremental, full: false);
        await using var database = await Fixture.Database.OpenConnectionAsync();
        var email = await database.ExecuteScalarAsync<string>(
            "SELECT raw->>'email' FROM data.stripe_customers WHERE project_id = @Project AND id = @Id",
            new { Project = connection.ProjectId, Id = deleted });
        Assert.False(string.IsNullOrEmpty(email), "the deleted customer's last values are kept");
    }

    [Fact]
    public async Task Sync_EventsCursorPastRetention_ReadsEveryObjectAgainAndSaysSo()
    {
        var connection = await Steps.ConnectNewAsync("events expired");
        await Steps.SyncAsync(connection);
        var expired = DateTimeOffset.UtcNow.AddDays(-31);
        await SetEventsFromAsync(connection, "charges", expired);
        var mutation = await Steps.Sandbox.MutateAsync("stripe", connection.Account, "charges", update: 1, create: 0);
        var chargePagesBefore = await ChargePagesAsync(connection);

        var incremental = await Steps.SyncAsync(connection);

        Assert.Equal(SyncOutcome.Succeeded, incremental.Status);
        var charges = incremental.Streams.Single(s => s.Stream == "charges");
        Assert.Null(charges.WindowStart);
        Assert.Equal(mutation.Updated, await Steps.ChangedByAsync(connection.ProjectId, charges, incremental.SyncId));
        var all = (await Steps.Sandbox.AccountAsync("stripe", connection.Account)).Streams["charges"].Count;
        Assert.Equal(all, charges.Records);
        // 25 charges in pages of 10: the whole list again, where an incremental read takes one page.
        Assert.Equal(3, await ChargePagesAsync(connection) - chargePagesBefore);
        Assert.True(await EventsFromAsync(connection, "charges") > DateTimeOffset.UtcNow.AddMinutes(-10),
            "the next sync reads events again from this one");
        var log = await File.ReadAllTextAsync(Path.Combine(Fixture.System.LogsDirectory, "Workers.log"));
        Assert.Contains("Stripe events of charges since", log, StringComparison.Ordinal);
        Assert.Contains("past Stripe's 30-day retention; reading every object again", log, StringComparison.Ordinal);
    }

    private async Task<List<DateTime>> CreatedAsync(Connection connection, string table, List<string> ids)
    {
        await using var database = await Fixture.Database.OpenConnectionAsync();
        return [.. await database.QueryAsync<DateTime>(
            $"SELECT created FROM data.{table} WHERE project_id = @Project AND id = ANY(@Ids)",
            new { Project = connection.ProjectId, Ids = ids.ToArray() })];
    }

    private async Task SetEventsFromAsync(Connection connection, string stream, DateTimeOffset from)
    {
        await using var database = await Fixture.Database.OpenConnectionAsync();
        var changed = await database.ExecuteAsync(
            """
            UPDATE data.stream_cursors SET cursor = jsonb_set(cursor, '{eventsFrom}', to_jsonb(@From))
            WHERE project_id = @Project AND type = 'stripe' AND stream = @Stream
            """,
            new { Project = connection.ProjectId, Stream = stream, From = from.ToUnixTimeSeconds() });
        Assert.Equal(1, changed);
    }

    private async Task<DateTimeOffset> EventsFromAsync(Connection connection, string stream)
    {
        await using var database = await Fixture.Database.OpenConnectionAsync();
        var seconds = await database.ExecuteScalarAsync<long>(
            """
            SELECT (cursor->>'eventsFrom')::bigint FROM data.stream_cursors
            WHERE project_id = @Project AND type = 'stripe' AND stream = @Stream
            """,
            new { Project = connection.ProjectId, Stream = stream });
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private async Task<int> ChargePagesAsync(Connection connection) =>
        (await Steps.RequestsAsync(connection.Account)).Count(r => r.Path == "/stripe/api/v1/charges");
}

[Collection(PlatformsCollection.Name)]
public sealed class MetaAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.MetaAds);

[Collection(PlatformsCollection.Name)]
public sealed class LinkedInAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.LinkedInAds);

[Collection(PlatformsCollection.Name)]
public sealed class QuickBooksTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.QuickBooks);
