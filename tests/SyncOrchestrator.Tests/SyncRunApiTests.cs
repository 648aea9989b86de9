using System.Net;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;

namespace Connectors.SyncOrchestrator.Tests;

public sealed class SyncRunApiTests(OrchestratorFixture fixture) : IClassFixture<OrchestratorFixture>
{
    [Fact]
    public async Task PostRun_ConnectedConnectors_Answers202WithTheConnectors()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.GoogleAds);

        using var response = await fixture.PostRunAsync(project);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await OrchestratorFixture.ReadJsonAsync(response);
        var syncId = body.GetProperty("syncId").GetString()!;
        Assert.Equal("started", body.GetProperty("status").GetString());
        Assert.Matches("^sync_[0-9a-f]{32}$", syncId);
        Assert.Equal(["google_ads", "stripe"], Strings(body.GetProperty("connectors")));
        Assert.Equal($"/api/sync/{syncId}", response.Headers.Location?.OriginalString);
        Assert.Contains(project, fixture.Registry.Calls);
    }

    [Fact]
    public async Task PostRun_TwoConnectors_PublishesOneSyncRequestedOnEachRoutingKey()
    {
        await using var probe = await SyncRequestProbe.BindAsync(
            fixture.VirtualHost.Amqp, ConnectorTypes.GoogleAds, ConnectorTypes.Stripe, ConnectorTypes.HubSpot);
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.GoogleAds, ConnectorTypes.Stripe);

        var syncId = await fixture.StartRunAsync(project);
        await fixture.OutboxDrainedAsync();

        var googleAds = Of(project, await probe.DrainAsync(ConnectorTypes.GoogleAds));
        var stripe = Of(project, await probe.DrainAsync(ConnectorTypes.Stripe));
        var hubspot = await probe.DrainAsync(ConnectorTypes.HubSpot);
        var request = Assert.Single(googleAds);
        Assert.Equal(syncId, request.GetProperty("syncId").GetString());
        Assert.Equal("google_ads", request.GetProperty("type").GetString());
        Assert.Equal("Manual", request.GetProperty("trigger").GetString());
        Assert.Equal("stripe", Assert.Single(stripe).GetProperty("type").GetString());
        Assert.Empty(hubspot);
    }

    [Fact]
    public async Task PostRun_NoConnectedConnector_Answers409Problem()
    {
        var project = Guid.NewGuid();

        using var response = await fixture.PostRunAsync(project);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await OrchestratorFixture.ReadJsonAsync(response);
        Assert.Equal("Nothing to sync: connect a platform first.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostRun_RegistryUnreachable_Answers503Problem()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe);
        fixture.Registry.Break(project);

        using var response = await fixture.PostRunAsync(project);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await fixture.ScalarAsync(
            "SELECT count(*) FROM sync.sync_runs WHERE project_id = @project", new { project }));
    }

    [Fact]
    public async Task PostRun_WithoutCallerSignature_Answers401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync/run");

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostRun_SameIdempotencyKeyTwice_ReturnsTheFirstRun()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.HubSpot);
        using var first = await fixture.PostRunAsync(project, "key-1");
        var firstId = (await OrchestratorFixture.ReadJsonAsync(first)).GetProperty("syncId").GetString();

        using var second = await fixture.PostRunAsync(project, "key-1");

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var body = await OrchestratorFixture.ReadJsonAsync(second);
        Assert.Equal(firstId, body.GetProperty("syncId").GetString());
        Assert.Equal(["hubspot"], Strings(body.GetProperty("connectors")));
        Assert.Equal(1, await fixture.ScalarAsync(
            "SELECT count(*) FROM sync.sync_runs WHERE project_id = @project", new { project }));
    }

    [Fact]
    public async Task PostRun_WhileFirstRunActive_ReturnsTheActiveRun()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.QuickBooks);
        var firstId = await fixture.StartRunAsync(project);

        using var second = await fixture.PostRunAsync(project);

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var body = await OrchestratorFixture.ReadJsonAsync(second);
        Assert.Equal("started", body.GetProperty("status").GetString());
        Assert.Equal(firstId, body.GetProperty("syncId").GetString());
        Assert.Equal(2, await fixture.ScalarAsync(
            "SELECT count(*) FROM sync.outbox WHERE body->>'syncId' = @firstId", new { firstId }));
    }

    [Fact]
    public async Task PostRun_OneConnectorStillActive_StartsRunForTheIdleOnesOnly()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe);
        var firstId = await fixture.StartRunAsync(project);
        fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.MetaAds);

        using var second = await fixture.PostRunAsync(project);

        var body = await OrchestratorFixture.ReadJsonAsync(second);
        Assert.NotEqual(firstId, body.GetProperty("syncId").GetString());
        Assert.Equal(["meta_ads"], Strings(body.GetProperty("connectors")));
    }

    [Fact]
    public async Task PostRun_BodyNamesOneConnector_StartsARunForThatConnectorOnly()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.HubSpot);

        using var response = await PostRunAsync(project, """{"connectors":["stripe"]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await OrchestratorFixture.ReadJsonAsync(response);
        Assert.Equal(["stripe"], Strings(body.GetProperty("connectors")));
        var run = await fixture.GetJsonAsync(project, $"/api/sync/{body.GetProperty("syncId").GetString()}");
        var types = run.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("type").GetString());
        Assert.Equal(["stripe"], types);
    }

    [Fact]
    public async Task PostRun_BodyNamesUnknownAndUnconnectedTypes_Answers400NamingThem()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe);

        using var response = await PostRunAsync(project, """{"connectors":["stripe","salesforce","hubspot"]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await OrchestratorFixture.ReadJsonAsync(response);
        Assert.Equal(
            "Nothing was started; unknown connector type(s): salesforce; not connected: hubspot.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(["salesforce", "hubspot"], Strings(problem.GetProperty("connectors")));
        Assert.Equal(0, await fixture.ScalarAsync(
            "SELECT count(*) FROM sync.sync_runs WHERE project_id = @project", new { project }));
    }

    [Fact]
    public async Task PostRun_BodyNamesNoConnector_Answers400()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe);

        using var response = await PostRunAsync(project, """{"connectors":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await fixture.ScalarAsync(
            "SELECT count(*) FROM sync.sync_runs WHERE project_id = @project", new { project }));
    }

    [Fact]
    public async Task PostRun_BodyNamesConnectorOfAnOlderActiveRun_ReturnsThatRun()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe);
        var stripeRun = await fixture.StartRunAsync(project);
        fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.HubSpot);
        var hubspotRun = await fixture.StartRunAsync(project);

        using var response = await PostRunAsync(project, """{"connectors":["stripe"]}""");

        var body = await OrchestratorFixture.ReadJsonAsync(response);
        Assert.NotEqual(stripeRun, hubspotRun);
        Assert.Equal(stripeRun, body.GetProperty("syncId").GetString());
    }

    [Fact]
    public async Task GetSync_NewRun_ShowsEveryConnectorQueued()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.GoogleAnalytics, ConnectorTypes.LinkedInAds);
        var syncId = await fixture.StartRunAsync(project);

        var run = await fixture.GetJsonAsync(project, $"/api/sync/{syncId}");

        Assert.Equal(syncId, run.GetProperty("syncId").GetString());
        Assert.Equal("queued", run.GetProperty("status").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("finishedAt").ValueKind);
        var connectors = run.GetProperty("connectors").EnumerateArray().ToList();
        Assert.Equal(["google_analytics", "linkedin_ads"], connectors.Select(c => c.GetProperty("type").GetString()));
        Assert.All(connectors, connector => Assert.Equal("queued", connector.GetProperty("state").GetString()));
        Assert.All(connectors, connector => Assert.Empty(connector.GetProperty("streams").EnumerateArray()));
    }

    [Fact]
    public async Task GetSync_AnotherProjectsRun_Answers404Problem()
    {
        var owner = Guid.NewGuid();
        fixture.Registry.Connect(owner, ConnectorTypes.Stripe);
        var syncId = await fixture.StartRunAsync(owner);

        using var response = await fixture.GetAsync(Guid.NewGuid(), $"/api/sync/{syncId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetSync_UnknownId_Answers404Problem()
    {
        using var response = await fixture.GetAsync(Guid.NewGuid(), "/api/sync/sync_0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ListSyncs_TwoRuns_ShowsNewestFirst()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.Stripe);
        var older = await fixture.StartRunAsync(project);
        fixture.Registry.Connect(project, ConnectorTypes.Stripe, ConnectorTypes.HubSpot);
        var newer = await fixture.StartRunAsync(project);

        var runs = await fixture.GetJsonAsync(project, "/api/sync?limit=20");

        Assert.Equal([newer, older], runs.EnumerateArray().Select(run => run.GetProperty("syncId").GetString()));
    }

    private Task<HttpResponseMessage> PostRunAsync(Guid project, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync/run")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        return fixture.Client.SendAsync(request.SignedFor(fixture.Signature, project));
    }

    private static IEnumerable<string?> Strings(JsonElement array) =>
        array.EnumerateArray().Select(item => item.GetString());

    private static List<JsonElement> Of(Guid project, IEnumerable<JsonElement> messages) =>
        [.. messages.Where(message => message.GetProperty("projectId").GetGuid() == project)];
}
