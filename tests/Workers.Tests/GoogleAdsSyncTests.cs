using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class GoogleAdsSyncTests(GoogleAdsSyncTests.Fixture fixture) : IClassFixture<GoogleAdsSyncTests.Fixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Sync_NewConnector_LandsEveryRowOfTheWindowAndReportsCounts()
    {
        var project = Seed();

        var completed = await fixture.SyncAsync(project, ConnectorTypes.GoogleAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Collection(completed.Streams,
            campaigns => Assert.Equal(
                ("campaign_daily", "data.google_ads_campaign_daily", 6L, 6L, 0L), Counts(campaigns)),
            adGroups => Assert.Equal(
                ("ad_group_daily", "data.google_ads_ad_group_daily", 6L, 6L, 0L), Counts(adGroups)));
        Assert.Equal(6, await fixture.CountAsync("google_ads_campaign_daily", project));
        Assert.Equal(6, await fixture.CountAsync("google_ads_ad_group_daily", project));
        Assert.Equal(2_500_000, await fixture.ScalarAsync<long>(
            """
            SELECT cost_micros FROM data.google_ads_campaign_daily
            WHERE project_id = @Project AND customer_id = '1234567890' AND campaign_id = '101' AND date = @Date
            """,
            new { Project = project, Date = Today.AddDays(-1) }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_InsertsNothing()
    {
        var project = Seed();
        await fixture.SyncAsync(project, ConnectorTypes.GoogleAds);

        var second = await fixture.SyncAsync(project, ConnectorTypes.GoogleAds);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        Assert.All(second.Streams, stream =>
            Assert.Equal((6L, 0L, 0L), (stream.Records, stream.Inserted, stream.Updated)));
        Assert.Equal(6, await fixture.CountAsync("google_ads_campaign_daily", project));
        Assert.Equal(6, await fixture.CountAsync("google_ads_ad_group_daily", project));
    }

    [Fact]
    public async Task Sync_PlatformRestatedARecentDay_UpdatesThatRow()
    {
        var project = Seed();
        await fixture.SyncAsync(project, ConnectorTypes.GoogleAds);
        var account = fixture.Platforms.Account(project);
        account.Campaigns.Single(row => row.Id == "101" && row.Date == Today.AddDays(-1)).Clicks = 999;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.GoogleAds);

        var campaigns = completed.Streams.Single(stream => stream.Stream == "campaign_daily");
        Assert.Equal((6L, 0L, 1L), (campaigns.Records, campaigns.Inserted, campaigns.Updated));
        Assert.Equal(999, await fixture.ScalarAsync<long>(
            """
            SELECT clicks FROM data.google_ads_campaign_daily
            WHERE project_id = @Project AND campaign_id = '101' AND date = @Date
            """,
            new { Project = project, Date = Today.AddDays(-1) }));
        Assert.Equal(6, await fixture.CountAsync("google_ads_campaign_daily", project));
    }

    [Fact]
    public async Task Sync_QuotaErrorWithRetryDelayOnSecondPage_WaitsAndLandsEveryRow()
    {
        var project = Seed();
        fixture.Platforms.Account(project).ThrottleRequest = 2;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.GoogleAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(1, fixture.Platforms.Account(project).Throttled);
        Assert.Equal(6, completed.Streams[0].Records);
        Assert.Equal(6, await fixture.CountAsync("google_ads_campaign_daily", project));
        Assert.Equal(6, await fixture.CountAsync("google_ads_ad_group_daily", project));
    }

    private static (string, string, long, long, long) Counts(StreamResult stream) =>
        (stream.Stream, stream.Table, stream.Records, stream.Inserted, stream.Updated);

    // Two campaigns and three ad groups, over the last days, plus a row older than the backfill window.
    private Guid Seed()
    {
        var project = Guid.NewGuid();
        var account = fixture.Platforms.Account(project);
        foreach (var (id, name) in new[] { ("101", "Brand"), ("102", "Generic") })
        {
            for (var day = 0; day < 3; day++)
            {
                account.Campaigns.Add(Row(id, name, null, day, id == "101" ? 2_500_000 : 700_000));
            }
        }

        account.Campaigns.Add(Row("101", "Brand", null, 45, 1));
        foreach (var id in new[] { "201", "202", "203" })
        {
            for (var day = 0; day < 2; day++)
            {
                account.AdGroups.Add(Row(id, $"Group {id}", "101", day, 300_000));
            }
        }

        return project;
    }

    private static FakeAdRow Row(string id, string name, string? campaignId, int daysAgo, long costMicros) => new()
    {
        Id = id,
        Name = name,
        CampaignId = campaignId,
        Date = Today.AddDays(-daysAgo),
        Impressions = 1_000 + daysAgo,
        Clicks = 40 + daysAgo,
        CostMicros = costMicros,
        Conversions = 1.5m,
    };

    public sealed class Fixture : WorkerFixture;
}
