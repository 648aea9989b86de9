using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

/// <summary>The fixture's LinkedIn truncates every answer at five elements, and the worker knows that cap.</summary>
public sealed class LinkedInAdsSyncTests(LinkedInAdsSyncTests.Fixture fixture)
    : IClassFixture<LinkedInAdsSyncTests.Fixture>
{
    private const int Cap = 5;

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Sync_NewConnector_ReadsTheWindowInSlicesAndLandsEveryRow()
    {
        var project = Seed(out var account);

        var completed = await fixture.SyncAsync(project, ConnectorTypes.LinkedInAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        var stream = Assert.Single(completed.Streams);
        Assert.Equal(("campaign_daily", "data.linkedin_ads_campaign_daily", 8L, 8L, 0L),
            (stream.Stream, stream.Table, stream.Records, stream.Inserted, stream.Updated));
        Assert.All(account.LinkedInRanges, range => Assert.True(range.To.DayNumber - range.From.DayNumber < 7));
        Assert.Equal(8, await fixture.CountAsync("linkedin_ads_campaign_daily", project));
        Assert.Equal(35.12m, await fixture.ScalarAsync<decimal>(
            """
            SELECT cost_in_local_currency FROM data.linkedin_ads_campaign_daily
            WHERE project_id = @Project AND account_id = '506070' AND campaign_urn = 'urn:li:sponsoredCampaign:c2'
              AND date = @Date
            """,
            new { Project = project, Date = Today.AddDays(-9) }));
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_InsertsNothing()
    {
        var project = Seed(out _);
        await fixture.SyncAsync(project, ConnectorTypes.LinkedInAds);

        var second = await fixture.SyncAsync(project, ConnectorTypes.LinkedInAds);

        Assert.Equal(SyncOutcome.Succeeded, second.Status);
        var stream = Assert.Single(second.Streams);
        Assert.Equal((8L, 0L, 0L), (stream.Records, stream.Inserted, stream.Updated));
        Assert.Equal(8, await fixture.CountAsync("linkedin_ads_campaign_daily", project));
    }

    [Fact]
    public async Task Sync_ThrottledOnSecondSlice_BacksOffAndLandsEveryRow()
    {
        var project = Seed(out var account);
        account.ThrottleRequest = 2;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.LinkedInAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal(1, account.Throttled);
        Assert.Equal(8, await fixture.CountAsync("linkedin_ads_campaign_daily", project));
    }

    [Fact]
    public async Task Sync_SliceAnswerReachesTheCap_ReReadsInShorterSlicesAndLosesNoRow()
    {
        var project = Seed(out var account);
        // Two more campaigns on each of the last six days: a week then holds more rows than one answer can.
        for (var day = 1; day <= 6; day++)
        {
            account.LinkedIn.Add(Row("c3", day, 1m));
            account.LinkedIn.Add(Row("c4", day, 1m));
        }

        var completed = await fixture.SyncAsync(project, ConnectorTypes.LinkedInAds);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        Assert.Equal((20L, 20L), (completed.Streams[0].Records, completed.Streams[0].Inserted));
        Assert.Contains(account.LinkedInRanges, range => range.From == range.To);
        Assert.Equal(20, await fixture.CountAsync("linkedin_ads_campaign_daily", project));
    }

    // Two campaigns on four days of the window.
    private Guid Seed(out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        foreach (var day in new[] { 0, 2, 9, 20 })
        {
            account.LinkedIn.Add(Row("c1", day, 12.5m));
            account.LinkedIn.Add(Row("c2", day, 35.12m));
        }

        return project;
    }

    private static FakeLinkedInRow Row(string campaignId, int daysAgo, decimal cost) => new()
    {
        CampaignId = campaignId,
        Date = Today.AddDays(-daysAgo),
        Impressions = 1_200,
        Clicks = 34,
        Cost = cost,
        Conversions = 2,
    };

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Workers:LinkedInElementCap"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        protected override FakePlatforms CreatePlatforms() => new() { LinkedInCap = Cap };
    }
}
