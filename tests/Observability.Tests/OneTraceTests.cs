using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Connectors.Observability.Tests;

/// <summary>
/// A sync started through the gateway is one trace: the gateway's request, the orchestrator's handling, the relay
/// of the outbox, the worker's consume, its calls to the platform and its writes to the database.
/// </summary>
[Collection(TracedSystemCollection.Name)]
public sealed class OneTraceTests(TracedSystemFixture fixture)
{
    private const string Gateway = "Connectors.Gateway";
    private const string Orchestrator = "Connectors.SyncOrchestrator";
    private const string Workers = "Connectors.Workers";

    [Fact]
    public async Task SyncRun_StripeConnected_OneTraceFromGatewayToPlatformAndDatabase()
    {
        using var api = await fixture.NewProjectAsync("one trace");
        var connect = await api.PostAsJsonAsync(
            "/api/connectors", new { type = "stripe", credentials = new { apiKey = await fixture.StripeKeyAsync() } });
        Assert.Equal(HttpStatusCode.Created, connect.StatusCode);

        var started = await api.PostAsync("/api/sync/run", null);
        var syncId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("syncId").GetString();
        await WaitFinishedAsync(api, syncId!);
        var trace = await Eventually.ReturnsAsync(
            () => FindTrace(fixture.Telemetry.Spans()), "one trace holding every part of the sync");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Contains(trace, span => span.Service == Gateway && IsServer(span, "POST", "/api/sync/run"));
        Assert.Contains(trace, span => span.Service == Orchestrator && IsServer(span, "POST", "/api/sync/run"));
        Assert.Contains(trace, span => span.Service == Orchestrator && span.Source == "Connectors.Messaging");
        Assert.Contains(trace, span => span.Service == Workers && IsConsume(span));
        Assert.Contains(trace, span => span.Service == Workers && IsPlatformCall(span, fixture.System.Sandbox));
        Assert.Contains(trace, span => span.Service == Workers && IsInsert(span));
        Assert.Single(trace.Select(span => span.TraceId).Distinct());
    }

    /// <summary>
    /// The trace of the gateway's <c>POST /api/sync/run</c> once every part has been written, else null.
    /// </summary>
    private IReadOnlyList<Span>? FindTrace(IReadOnlyList<Span> spans)
    {
        var sandbox = fixture.System.Sandbox;
        return spans
            .Where(span => span.Service == Gateway && IsServer(span, "POST", "/api/sync/run"))
            .Select(root => spans.Where(span => span.TraceId == root.TraceId).ToList())
            .FirstOrDefault(trace =>
                trace.Any(span => span.Service == Workers && IsConsume(span))
                && trace.Any(span => span.Service == Workers && IsPlatformCall(span, sandbox))
                && trace.Any(span => span.Service == Workers && IsInsert(span)));
    }

    private static bool IsServer(Span span, string method, string path) =>
        span.Kind == "Server" && span.Tag("http.request.method") == method && span.Tag("url.path") == path;

    private static bool IsConsume(Span span) => span.Source == "MassTransit" && span.Kind == "Consumer";

    private static bool IsPlatformCall(Span span, Uri sandbox) =>
        span.Kind == "Client"
        && span.Tag("server.port") == sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && span.Tag("url.full") is { } url && url.Contains("/stripe/api/", StringComparison.Ordinal);

    private static bool IsInsert(Span span) =>
        span.Kind == "Client"
        && (span.Tag("db.query.text") ?? span.Tag("db.statement")) is { } sql
        && sql.Contains("INSERT INTO data.stripe_", StringComparison.OrdinalIgnoreCase);

    private static async Task WaitFinishedAsync(HttpClient api, string syncId) =>
        await Eventually.ReturnsAsync(async () =>
        {
            var run = await api.GetFromJsonAsync<JsonElement>($"/api/sync/{syncId}");
            return run.GetProperty("finishedAt").ValueKind == JsonValueKind.Null ? null : syncId;
        }, $"sync {syncId} to finish");
}
