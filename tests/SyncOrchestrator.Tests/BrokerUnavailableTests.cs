using System.Net;
using Connectors.Contracts;

namespace Connectors.SyncOrchestrator.Tests;

public sealed class BrokerUnavailableTests(BrokerDownFixture fixture) : IClassFixture<BrokerDownFixture>
{
    [Fact]
    public async Task PostRun_RabbitMqUnreachable_Answers202AndKeepsTheRequestsInTheOutbox()
    {
        var project = Guid.NewGuid();
        fixture.Registry.Connect(project, ConnectorTypes.GoogleAds, ConnectorTypes.HubSpot);

        using var response = await fixture.PostRunAsync(project);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var syncId = (await OrchestratorFixture.ReadJsonAsync(response)).GetProperty("syncId").GetString();
        Assert.Equal(2, await fixture.ScalarAsync(
            "SELECT count(*) FROM sync.outbox WHERE body->>'syncId' = @syncId AND sent_at IS NULL", new { syncId }));
    }
}
