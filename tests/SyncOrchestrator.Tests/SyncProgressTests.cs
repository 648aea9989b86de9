using System.Text.Json;
using Connectors.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.SyncOrchestrator.Tests;

public sealed class SyncProgressTests : IClassFixture<OrchestratorFixture>
{
    private static readonly DateTimeOffset _startedAt = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _completedAt = new(2026, 3, 2, 10, 4, 30, TimeSpan.Zero);

    private readonly OrchestratorFixture _fixture;
    private readonly IBus _bus;
    private readonly ConsumedMessages _consumed = new();

    public SyncProgressTests(OrchestratorFixture fixture)
    {
        _fixture = fixture;
        _bus = fixture.Factory.Services.GetRequiredService<IBus>();
        _bus.ConnectConsumeObserver(_consumed);
    }

    [Fact]
    public async Task SyncStarted_QueuedConnector_ShowsRunning()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.Stripe, ConnectorTypes.HubSpot);

        await PublishAsync(Started(project, syncId, ConnectorTypes.Stripe));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("running", run.GetProperty("status").GetString());
        var stripe = Connector(run, ConnectorTypes.Stripe);
        Assert.Equal("running", stripe.GetProperty("state").GetString());
        Assert.Equal(_startedAt, stripe.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal("queued", Connector(run, ConnectorTypes.HubSpot).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SyncCompleted_EveryConnector_ShowsStatesRecordsAndErrors()
    {
        var (project, syncId) = await StartRunAsync(
            ConnectorTypes.Stripe, ConnectorTypes.GoogleAds, ConnectorTypes.QuickBooks);
        await PublishAsync(Started(project, syncId, ConnectorTypes.Stripe));

        await PublishAsync(Completed(project, syncId, ConnectorTypes.Stripe, SyncOutcome.Succeeded));
        await PublishAsync(Completed(project, syncId, ConnectorTypes.GoogleAds, SyncOutcome.Failed) with
        {
            Error = new SyncError { Class = FailureClass.Auth, Message = "Reconnect Google Ads." },
        });
        await PublishAsync(Completed(project, syncId, ConnectorTypes.QuickBooks, SyncOutcome.Skipped));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("partially_failed", run.GetProperty("status").GetString());
        Assert.Equal(_completedAt, run.GetProperty("finishedAt").GetDateTimeOffset());
        var stripe = Connector(run, ConnectorTypes.Stripe);
        Assert.Equal("succeeded", stripe.GetProperty("state").GetString());
        Assert.Equal("""{"charges":120,"customers":7}""", stripe.GetProperty("records").GetRawText());
        var charges = stripe.GetProperty("streams")[0];
        Assert.Equal("data.stripe_charges", charges.GetProperty("table").GetString());
        Assert.Equal(100, charges.GetProperty("inserted").GetInt64());
        Assert.Equal(20, charges.GetProperty("updated").GetInt64());
        Assert.Equal(_startedAt.AddDays(-1), charges.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, stripe.GetProperty("error").ValueKind);
        var googleAds = Connector(run, ConnectorTypes.GoogleAds);
        Assert.Equal("failed", googleAds.GetProperty("state").GetString());
        Assert.Equal("auth", googleAds.GetProperty("error").GetProperty("class").GetString());
        Assert.Equal("Reconnect Google Ads.", googleAds.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("skipped", Connector(run, ConnectorTypes.QuickBooks).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SyncCompleted_Redelivered_ChangesNothing()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.HubSpot);
        var completed = Completed(project, syncId, ConnectorTypes.HubSpot, SyncOutcome.Succeeded);
        var messageId = await PublishAsync(completed);
        var before = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");

        await PublishAsync(completed with { CompletedAt = _completedAt.AddHours(1) }, messageId, times: 2);

        var after = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal(1, await _fixture.ScalarAsync(
            "SELECT count(*) FROM sync.inbox WHERE message_id = @messageId", new { messageId }));
    }

    [Fact]
    public async Task SyncCompleted_BeforeItsSyncStarted_StaysFinished()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.MetaAds);

        await PublishAsync(Completed(project, syncId, ConnectorTypes.MetaAds, SyncOutcome.Succeeded));
        await PublishAsync(Started(project, syncId, ConnectorTypes.MetaAds) with { StartedAt = _completedAt });

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var metaAds = Connector(run, ConnectorTypes.MetaAds);
        Assert.Equal("succeeded", metaAds.GetProperty("state").GetString());
        Assert.Equal(_startedAt, metaAds.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task SyncStarted_ForAnotherProjectsRun_ChangesNothing()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.LinkedInAds);

        await PublishAsync(Started(Guid.NewGuid(), syncId, ConnectorTypes.LinkedInAds));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("queued", Connector(run, ConnectorTypes.LinkedInAds).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SyncProgressed_RunningConnector_ShowsCurrentStreamAndRecordsSoFar()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.Stripe, ConnectorTypes.HubSpot);
        await PublishAsync(Started(project, syncId, ConnectorTypes.Stripe));

        await PublishAsync(Progressed(
            project, syncId, ConnectorTypes.Stripe, "customers", 1, ("charges", 100), ("customers", 3)));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        var stripe = Connector(run, ConnectorTypes.Stripe);
        Assert.Equal("running", stripe.GetProperty("state").GetString());
        Assert.Equal("customers", stripe.GetProperty("currentStream").GetString());
        Assert.Equal("""{"charges":100,"customers":3}""", stripe.GetProperty("records").GetRawText());
        var hubspot = Connector(run, ConnectorTypes.HubSpot);
        Assert.Equal(JsonValueKind.Null, hubspot.GetProperty("currentStream").ValueKind);
        Assert.Equal("{}", hubspot.GetProperty("records").GetRawText());
    }

    [Fact]
    public async Task SyncProgressed_BeforeItsSyncStarted_ShowsRunning()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.GoogleAds);

        await PublishAsync(Progressed(
            project, syncId, ConnectorTypes.GoogleAds, "campaign_daily", 1, ("campaign_daily", 40)));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("running", run.GetProperty("status").GetString());
        var googleAds = Connector(run, ConnectorTypes.GoogleAds);
        Assert.Equal("running", googleAds.GetProperty("state").GetString());
        Assert.Equal(_startedAt.AddSeconds(1), googleAds.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task SyncProgressed_OlderReportArrivingLate_KeepsTheNewerCounts()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.QuickBooks);
        await PublishAsync(Progressed(
            project, syncId, ConnectorTypes.QuickBooks, "payments", 9, ("invoices", 1200), ("payments", 300)));

        await PublishAsync(Progressed(
            project, syncId, ConnectorTypes.QuickBooks, "invoices", 2, ("invoices", 200)));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        var quickBooks = Connector(run, ConnectorTypes.QuickBooks);
        Assert.Equal("payments", quickBooks.GetProperty("currentStream").GetString());
        Assert.Equal("""{"invoices":1200,"payments":300}""", quickBooks.GetProperty("records").GetRawText());
    }

    [Fact]
    public async Task SyncProgressed_AfterSyncCompleted_KeepsTheFinalCounts()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.Stripe);
        await PublishAsync(Progressed(project, syncId, ConnectorTypes.Stripe, "charges", 1, ("charges", 50)));
        await PublishAsync(Completed(project, syncId, ConnectorTypes.Stripe, SyncOutcome.Succeeded));

        await PublishAsync(Progressed(
            project, syncId, ConnectorTypes.Stripe, "customers", 60, ("charges", 120), ("customers", 2)));

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var stripe = Connector(run, ConnectorTypes.Stripe);
        Assert.Equal("succeeded", stripe.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, stripe.GetProperty("currentStream").ValueKind);
        Assert.Equal("""{"charges":120,"customers":7}""", stripe.GetProperty("records").GetRawText());
    }

    [Fact]
    public async Task SyncProgressed_Redelivered_IsRecordedOnce()
    {
        var (project, syncId) = await StartRunAsync(ConnectorTypes.MetaAds);
        var progressed = Progressed(project, syncId, ConnectorTypes.MetaAds, "ad_daily", 1, ("ad_daily", 25));

        var messageId = await PublishAsync(progressed, times: 1);
        await PublishAsync(progressed, messageId, times: 2);

        Assert.Equal(1, await _fixture.ScalarAsync(
            "SELECT count(*) FROM sync.inbox WHERE message_id = @messageId", new { messageId }));
        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        var metaAds = Connector(run, ConnectorTypes.MetaAds);
        Assert.Equal("""{"ad_daily":25}""", metaAds.GetProperty("records").GetRawText());
    }

    private async Task<(Guid Project, string SyncId)> StartRunAsync(params string[] types)
    {
        var project = Guid.NewGuid();
        _fixture.Registry.Connect(project, types);
        return (project, await _fixture.StartRunAsync(project));
    }

    private async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null, int times = 1)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await _bus.Publish(message, context => context.MessageId = id);
        await _consumed.WaitAsync(id, times);
        return id;
    }

    private static SyncProgressed Progressed(
        Guid project,
        string syncId,
        string type,
        string stream,
        int secondsAfterStart,
        params (string Stream, long Records)[] records) => new()
    {
        SyncId = syncId,
        ProjectId = project,
        Type = type,
        Stream = stream,
        Records = records.ToDictionary(entry => entry.Stream, entry => entry.Records),
        At = _startedAt.AddSeconds(secondsAfterStart),
    };

    private static SyncStarted Started(Guid project, string syncId, string type) => new()
    {
        SyncId = syncId,
        ProjectId = project,
        Type = type,
        StartedAt = _startedAt,
    };

    private static SyncCompleted Completed(Guid project, string syncId, string type, SyncOutcome status) => new()
    {
        SyncId = syncId,
        ProjectId = project,
        Type = type,
        Status = status,
        Streams = status == SyncOutcome.Succeeded
            ?
            [
                Stream("charges", "data.stripe_charges", 120, 100, 20),
                Stream("customers", "data.stripe_customers", 7, 7, 0),
            ]
            : [],
        StartedAt = _startedAt,
        CompletedAt = _completedAt,
    };

    private static StreamResult Stream(string name, string table, long records, long inserted, long updated) => new()
    {
        Stream = name,
        Table = table,
        Records = records,
        Inserted = inserted,
        Updated = updated,
        WindowStart = _startedAt.AddDays(-1),
        WindowEnd = _startedAt,
    };

    private static JsonElement Connector(JsonElement run, string type) =>
        run.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("type").GetString() == type);
}
