using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

/// <summary>
/// A first sync reads 31 days, longer than the fixture's asynchronous threshold of 20, so it goes through a report
/// run; later syncs re-read 5 days through the synchronous insights call.
/// </summary>
public sealed class MetaAdsSyncTests(MetaAdsSyncTests.Fixture fixture) : IClassFixture<MetaAdsSyncTests.Fixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Sync_NewConnectorWithLongRange_ReadsThroughAReportRunAndLandsEveryRow()
    {
        var project = Seed(out var account);

        var completed = await fixture.SyncAsync(project, ConnectorTypes.MetaAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        var stream = Assert.Single(completed.Streams);
        Assert.Equal(("ad_daily", "data.meta_ads_ad_daily", 12L, 12L, 0L),
            (stream.Stream, stream.Table, stream.Records, stream.Inserted, stream.Updated));
        Assert.Equal((1, 0), (account.MetaRunsStarted, account.MetaSyncInsightCalls));
        Assert.Equal(12, await fixture.CountAsync("meta_ads_ad_daily", project));
        Assert.Equal(17.25m, await fixture.ScalarAsync<decimal>(
            """
            SELECT spend FROM data.meta_ads_ad_daily
            WHERE project_id = @Project AND account_id = '777' AND ad_id = 'a2' AND date = @Date
            """,
            new { Project = project, Date = Today.AddDays(-3) }));
        Assert.Equal("3", await fixture.ScalarAsync<string>(
            """
            SELECT actions->0->>'value' FROM data.meta_ads_ad_daily
            WHERE project_id = @Project AND ad_id = 'a1' AND date = @Date
            """,
            new { Project = project, Date = Today }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_ReadsTheLookbackSynchronouslyAndInsertsNothing()
    {
        var project = Seed(out var account);
        await fixture.SyncAsync(project, ConnectorTypes.MetaAds);

        var second = await fixture.SyncAsync(project, ConnectorTypes.MetaAds);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        var stream = Assert.Single(second.Streams);
        Assert.Equal((9L, 0L, 0L), (stream.Records, stream.Inserted, stream.Updated));
        Assert.Equal(1, account.MetaRunsStarted);
        Assert.True(account.MetaSyncInsightCalls > 0);
        Assert.Equal(12, await fixture.CountAsync("meta_ads_ad_daily", project));
    }

    [Fact]
    public async Task Sync_UserRequestLimitWithUsageHeaderOnSecondPage_WaitsAndLandsEveryRow()
    {
        var project = Seed(out var account);
        // Start, two polls, first page: the fifth request asks for the second page.
        account.ThrottleRequest = 5;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.MetaAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(1, account.Throttled);
        Assert.Equal(12, completed.Streams[0].Records);
        Assert.Equal(12, await fixture.CountAsync("meta_ads_ad_daily", project));
    }

    [Fact]
    public async Task Sync_ReportRunFails_FailsAsTransientWithMetasMessage()
    {
        var project = Seed(out var account);
        account.MetaRunsFail = true;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.MetaAds);

        Assert.Equal(SyncOutcome.Failed, completed.Status);
        Assert.Equal(FailureClass.Transient, completed.Error!.Class);
        Assert.Contains("try a smaller date range", completed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("meta_ads_ad_daily", project));
    }

    [Fact]
    public async Task Sync_TokenExpired_FailsAsAuthWithoutAskingForARefresh()
    {
        var project = Seed(out var account);
        account.RejectAllTokens = true;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.MetaAds);

        Assert.Equal(SyncOutcome.Failed, completed.Status);
        Assert.Equal(FailureClass.Auth, completed.Error!.Class);
        Assert.DoesNotContain(fixture.OAuth.Calls, call => call.ProjectId == project && call.ForceRefresh);
        Assert.Equal(0, await fixture.CountAsync("meta_ads_ad_daily", project));
    }

    // Three ads on four days of the window, plus a day older than the backfill window.
    private Guid Seed(out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        foreach (var ad in new[] { "a1", "a2", "a3" })
        {
            foreach (var day in new[] { 0, 1, 3, 8 })
            {
                account.Meta.Add(Row(ad, day));
            }
        }

        account.Meta.Add(Row("a1", 40));
        return project;
    }

    private static FakeMetaRow Row(string adId, int daysAgo) => new()
    {
        AdId = adId,
        Date = Today.AddDays(-daysAgo),
        Name = $"Ad {adId}",
        Impressions = 1_000 + daysAgo,
        Clicks = 30,
        Spend = adId == "a2" ? 17.25m : 9.5m,
        Reach = 800,
        Purchases = 3,
    };

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Workers:MetaAsyncThresholdDays"] = "20",
            ["Sync:MetaAdsLookbackDays"] = "5",
            ["Sync:MetaAdsPageSize"] = "5",
        };
    }
}
