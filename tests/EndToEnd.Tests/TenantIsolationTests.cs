using System.Net;
using System.Net.Http.Json;
using Dapper;

namespace Connectors.EndToEnd.Tests;

/// <summary>Two projects on one installation: neither key reaches the other project's anything.</summary>
[Collection(SystemCollection.Name)]
public sealed class TenantIsolationTests(SystemFixture fixture)
{
    [Fact]
    public async Task AnotherProjectsKey_CannotSeeChangeOrSyncTheFirstProjectsConnectors()
    {
        var (owner, ownerApi) = await fixture.NewProjectAsync("owner");
        var (_, otherApi) = await fixture.NewProjectAsync("other");
        var (_, key) = await Accounts.StripeAsync(fixture.Sandbox);
        (await ownerApi.PostAsJsonAsync("/api/connectors", new { type = "stripe", credentials = new { apiKey = key } }))
            .EnsureSuccessStatusCode();
        var run = await ownerApi.PostAsync("/api/sync/run", null);
        var syncId = (await run.Content.ReadFromJsonAsync<SyncStartedResponse>())!.SyncId;

        var list = await otherApi.GetFromJsonAsync<List<ConnectorView>>("/api/connectors");
        var delete = await otherApi.DeleteAsync("/api/connectors?type=stripe");
        var status = await otherApi.GetAsync($"/api/sync/{syncId}");
        var history = await otherApi.GetStringAsync("/api/sync");
        var otherRun = await otherApi.PostAsync("/api/sync/run", null);

        Assert.Empty(list!);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.DoesNotContain(syncId, history, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, otherRun.StatusCode);
        var ownerList = await ownerApi.GetFromJsonAsync<List<ConnectorView>>("/api/connectors");
        Assert.Equal("connected", Assert.Single(ownerList!).Status);
        Assert.Equal(HttpStatusCode.OK, (await ownerApi.GetAsync($"/api/sync/{syncId}")).StatusCode);
        await using var connection = await fixture.Database.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM oauth.credentials WHERE project_id = @Project AND type = 'stripe'",
            new { Project = owner.ProjectId }));
    }

    [Fact]
    public async Task ProjectHeaderSentByAClient_IsIgnored()
    {
        var (owner, ownerApi) = await fixture.NewProjectAsync("header owner");
        var (_, otherApi) = await fixture.NewProjectAsync("header forger");
        var (_, key) = await Accounts.StripeAsync(fixture.Sandbox);
        (await ownerApi.PostAsJsonAsync("/api/connectors", new { type = "stripe", credentials = new { apiKey = key } }))
            .EnsureSuccessStatusCode();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/connectors");
        forged.Headers.Add("X-Connectors-Caller", $"v1.{owner.ProjectId}.0.forged");
        forged.Headers.Add("X-Project-Id", owner.ProjectId.ToString());

        var response = await otherApi.SendAsync(forged);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<List<ConnectorView>>())!);
    }

    [Fact]
    public async Task ServiceCalledDirectly_RefusesTheRequest()
    {
        var (owner, _) = await fixture.NewProjectAsync("direct");
        using var client = new HttpClient { BaseAddress = fixture.System.ServiceUrl("ConnectorRegistry") };
        client.DefaultRequestHeaders.Add("X-Connectors-Caller", $"v1.{owner.ProjectId}.0.forged");

        var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
