using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class GoogleAnalyticsSyncTests(GoogleAnalyticsSyncTests.Fixture fixture)
    : IClassFixture<GoogleAnalyticsSyncTests.Fixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Sync_NewConnector_LandsEveryRowOfTheWindowAcrossPages()
    {
        var project = Seed(out _);

        var completed = await fixture.SyncAsync(project, ConnectorTypes.GoogleAnalytics);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        var stream = Assert.Single(completed.Streams);
        Assert.Equal(("daily_channels", "data.google_analytics_daily_channels", 8L, 8L, 0L),
            (stream.Stream, stream.Table, stream.Records, stream.Inserted, stream.Updated));
        Assert.Equal(8, await fixture.CountAsync("google_analytics_daily_channels", project));
        Assert.Equal(0.625m, await fixture.ScalarAsync<decimal>(
            """
            SELECT engagement_rate FROM data.google_analytics_daily_channels
            WHERE project_id = @Project AND property_id = '123456' AND date = @Date AND channel_group = 'Paid Search'
            """,
            new { Project = project, Date = Today.AddDays(-1) }));
        Assert.Equal(1_201, await fixture.ScalarAsync<long>(
            """
            SELECT sessions FROM data.google_analytics_daily_channels
            WHERE project_id = @Project AND date = @Date AND channel_group = 'Organic Search'
            """,
            new { Project = project, Date = Today.AddDays(-1) }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_InsertsNothing()
    {
        var project = Seed(out _);
        await fixture.SyncAsync(project, ConnectorTypes.GoogleAnalytics);

        var second = await fixture.SyncAsync(project, ConnectorTypes.GoogleAnalytics);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        var stream = Assert.Single(second.Streams);
        Assert.Equal((8L, 0L, 0L), (stream.Records, stream.Inserted, stream.Updated));
        Assert.Equal(8, await fixture.CountAsync("google_analytics_daily_channels", project));
    }

    [Fact]
    public async Task Sync_HourlyTokensExhaustedOnSecondPage_BacksOffAndLandsEveryRow()
    {
        var project = Seed(out var account);
        account.ThrottleRequest = 2;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.GoogleAnalytics);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(1, account.Throttled);
        Assert.Equal(8, completed.Streams[0].Records);
        Assert.Equal(8, await fixture.CountAsync("google_analytics_daily_channels", project));
    }

    [Fact]
    public async Task Sync_DailyTokensExhausted_FailsAsQuotaWithoutRetrying()
    {
        var project = Seed(out var account);
        account.AnalyticsDailyQuotaSpent = true;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.GoogleAnalytics);

        Assert.Equal(SyncOutcome.Failed, completed.Status);
        Assert.Equal(FailureClass.Quota, completed.Error!.Class);
        Assert.Equal(1, account.Calls);
        Assert.Equal(0, await fixture.CountAsync("google_analytics_daily_channels", project));
    }

    // Two channels over the last four days, plus a day older than the backfill window.
    private Guid Seed(out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        for (var day = 0; day < 4; day++)
        {
            account.Analytics.Add(Day("Organic Search", day, 0.5m));
            account.Analytics.Add(Day("Paid Search", day, 0.625m));
        }

        account.Analytics.Add(Day("Organic Search", 45, 0.5m));
        return project;
    }

    private static FakeChannelDay Day(string channel, int daysAgo, decimal engagementRate) => new()
    {
        Date = Today.AddDays(-daysAgo),
        Channel = channel,
        Sessions = 1_200 + daysAgo,
        TotalUsers = 900,
        NewUsers = 300,
        Views = 4_000,
        Conversions = 12.5m,
        EngagementRate = engagementRate,
    };

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Sync:GoogleAnalyticsPageSize"] = "3",
        };
    }
}
