using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Connectors.Observability.Tests;

/// <summary>What a sync leaves in the services' metrics, as an operator's dashboard would read them.</summary>
[Collection(TracedSystemCollection.Name)]
public sealed class MetricsTests(TracedSystemFixture fixture)
{
    [Fact]
    public async Task SyncRun_Stripe_RecordsDurationRecordsQueuesAndGatewayRoutes()
    {
        using var api = await fixture.NewProjectAsync("metrics");
        var connect = await api.PostAsJsonAsync(
            "/api/connectors", new { type = "stripe", credentials = new { apiKey = await fixture.StripeKeyAsync() } });
        Assert.Equal(HttpStatusCode.Created, connect.StatusCode);

        var started = await api.PostAsync("/api/sync/run", null);
        var syncId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("syncId").GetString();
        var finished = await Eventually.ReturnsAsync(async () =>
        {
            var body = await api.GetStringAsync($"/api/sync/{syncId}");
            return JsonDocument.Parse(body).RootElement.GetProperty("finishedAt").ValueKind == JsonValueKind.Null
                ? null : body;
        }, "the sync to finish");
        var landed = JsonDocument.Parse(finished).RootElement.GetProperty("connectors")[0].GetProperty("streams")
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("stream").GetString()!, s => s.GetProperty("records").GetInt64());
        var metrics = await Eventually.ReturnsAsync(() =>
        {
            var points = fixture.Telemetry.Metrics();
            return points.Any(p => p.Name == "connectors.sync.completed" && p.Tag("connector.type") == "stripe")
                && points.Any(p => p.Name == "connectors.sync.duration" && p.Tag("connector.type") == "stripe")
                ? points : null;
        }, "the sync's metrics to be exported");

        Assert.Contains(metrics, p => p.Meter == "Connectors.Workers" && p.Name == "connectors.sync.duration"
            && p.Tag("sync.outcome") == "Succeeded" && p.Count >= 1 && p.Sum > 0);
        Assert.All(landed, stream => Assert.Contains(metrics, p => p.Name == "connectors.sync.records"
            && p.Tag("connector.type") == "stripe" && p.Tag("sync.stream") == stream.Key && p.Value >= stream.Value));
        Assert.Contains(metrics, p => p.Meter == "Connectors.SyncOrchestrator"
            && p.Name == "connectors.sync.completed" && p.Tag("sync.outcome") == "Succeeded");
        Assert.Contains(metrics, p => p.Name == "connectors.sync.queue.depth"
            && p.Tag("messaging.destination.name") == "sync-stripe" && p.Value >= 0);
        Assert.Contains(metrics, p => p.Name == "connectors.sync.queue.lag" && p.Tag("connector.type") == "stripe");
        Assert.Contains(metrics, p => p.Meter == "Microsoft.AspNetCore.Hosting"
            && p.Name == "http.server.request.duration" && p.Tag("http.route") == "/api/sync/{**rest}"
            && p.Tag("http.request.method") == "POST" && p.Tag("http.response.status_code") == "202");
    }
}
