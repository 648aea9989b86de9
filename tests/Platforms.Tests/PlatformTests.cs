using System.Globalization;
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

/// <summary>
/// Meta issues no refresh tokens: a long-lived token (about 60 days) ends the connection when it expires, so the user
/// is warned in time to connect again.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class MetaAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.MetaAds)
{
    [Fact]
    public async Task Connectors_LongLivedTokenEndsWithinAWeek_WarnsWithTheDateAndLogsOnce()
    {
        var before = DateTimeOffset.UtcNow;
        var soon = await Steps.ConnectNewAsync("token ends soon", new
        {
            sizes = new { ad_daily = 4 },
            limits = new { tokenLifetimeSeconds = 3 * 86_400 },
        });
        var later = await Steps.ConnectNewAsync("token ends later");

        var ending = await Steps.ConnectorAsync(soon);
        var lasting = await Steps.ConnectorAsync(later);

        Assert.Equal("connected", ending?.Status);
        var expiresAt = Assert.NotNull(ending?.TokenExpiresAt);
        Assert.InRange(expiresAt, before.AddDays(3).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(3).AddMinutes(1));
        Assert.Contains(expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
            ending?.Warning, StringComparison.Ordinal);
        Assert.Contains("Connect Meta Ads again", ending?.Warning, StringComparison.Ordinal);
        Assert.Null(lasting?.Warning);
        Assert.InRange(Assert.NotNull(lasting?.TokenExpiresAt), before.AddDays(59), before.AddDays(61));
        var line = $"Connector meta_ads of project {soon.ProjectId} loses its access";
        Assert.Equal(1, await WarningsLoggedAsync(line, wait: TimeSpan.FromSeconds(15)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await WarningsLoggedAsync(line, wait: TimeSpan.Zero));
        Assert.Equal(0, await WarningsLoggedAsync(
            $"Connector meta_ads of project {later.ProjectId} loses its access", wait: TimeSpan.Zero));
    }

    [Fact]
    public async Task Connectors_TokenExtendedAtMeta_WarningGoesAway()
    {
        var connection = await Steps.ConnectNewAsync("token extended", new
        {
            sizes = new { ad_daily = 4 },
            limits = new { tokenLifetimeSeconds = 2 * 86_400 },
        });
        Assert.NotNull((await Steps.ConnectorAsync(connection))?.Warning);
        await Steps.Sandbox.ConfigureAccountAsync(
            "meta_ads", connection.Account, new { limits = new { tokenLifetimeSeconds = 60 * 86_400 } });
        var (oauth, _) = await Fixture.OAuthInstancesAsync();

        var (status, _) = await Steps.TokenAsync(oauth, connection.ProjectId, forceRefresh: true, null);

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var connector = await Steps.ConnectorAsync(connection);
        Assert.Null(connector?.Warning);
        Assert.InRange(Assert.NotNull(connector?.TokenExpiresAt),
            DateTimeOffset.UtcNow.AddDays(59), DateTimeOffset.UtcNow.AddDays(61));
    }

    /// <summary>How many lines of the registry's log hold <paramref name="text"/>, waiting for a first one.</summary>
    private async Task<int> WarningsLoggedAsync(string text, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var path = Path.Combine(Fixture.System.LogsDirectory, "ConnectorRegistry.log");
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var log = await reader.ReadToEndAsync();
            var count = log.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
            if (count > 0 || DateTime.UtcNow >= deadline)
            {
                return count;
            }

            await Task.Delay(250);
        }
    }
}

[Collection(PlatformsCollection.Name)]
public sealed class LinkedInAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.LinkedInAds);

[Collection(PlatformsCollection.Name)]
public sealed class QuickBooksTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.QuickBooks);
