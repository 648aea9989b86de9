using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Connectors.Observability.Tests;

/// <summary>The gateway's health summary and its API description, as a probe and an API user see them.</summary>
[Collection(TracedSystemCollection.Name)]
public sealed class SystemSurfaceTests(TracedSystemFixture fixture)
{
    private static readonly string[] PublicPaths =
    [
        "/api/connectors", "/api/connectors/{type}/auth", "/api/connectors/{type}/callback",
        "/api/sync", "/api/sync/run", "/api/sync/{syncId}",
    ];

    [Fact]
    public async Task SystemHealth_EverythingRunning_UpPerServiceWithoutAuthentication()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.System.Gateway };

        var response = await anonymous.GetAsync("/health/system");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("up", body.GetProperty("status").GetString());
        var services = body.GetProperty("services").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(["gateway", "oauth", "orchestrator", "registry", "workers"], services.Keys.Order());
        Assert.All(services.Values, state => Assert.Equal("up", state));
    }

    [Fact]
    public async Task Ready_ServicesWithABus_IncludeTheBusCheck()
    {
        using var client = new HttpClient();

        var orchestrator = await client.GetFromJsonAsync<JsonElement>(
            new Uri(fixture.System.ServiceUrl("SyncOrchestrator"), "/health/ready"));

        var checks = orchestrator.GetProperty("checks").EnumerateObject().Select(check => check.Name).ToList();
        Assert.Contains("postgres", checks);
        Assert.Contains("masstransit-bus", checks);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesExactlyThePublicEndpoints()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.System.Gateway };

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "DELETE /api/connectors", "GET /api/connectors", "GET /api/connectors/{type}/auth",
                "GET /api/connectors/{type}/callback", "GET /api/sync", "GET /api/sync/{syncId}",
                "POST /api/connectors", "POST /api/sync/run",
            ],
            operations);
        Assert.Equal(PublicPaths.Order(), document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task OpenApi_Schemas_MatchWhatTheApiAnswers()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.System.Gateway };
        using var api = await fixture.NewProjectAsync("openapi shapes");
        var schemas = (await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json"))
            .GetProperty("components").GetProperty("schemas");
        var connect = await api.PostAsJsonAsync(
            "/api/connectors", new { type = "stripe", credentials = new { apiKey = await fixture.StripeKeyAsync() } });
        var pending = await api.PostAsJsonAsync("/api/connectors", new { type = "hubspot" });
        var started = await api.PostAsync("/api/sync/run", null);

        var startedBody = await started.Content.ReadFromJsonAsync<JsonElement>();
        var run = await api.GetFromJsonAsync<JsonElement>($"/api/sync/{startedBody.GetProperty("syncId").GetString()}");
        var history = await api.GetFromJsonAsync<JsonElement>("/api/sync");
        var connectors = await api.GetFromJsonAsync<JsonElement>("/api/connectors");

        AssertShape(schemas, "Connector", await connect.Content.ReadFromJsonAsync<JsonElement>());
        AssertShape(schemas, "PendingConnector", await pending.Content.ReadFromJsonAsync<JsonElement>());
        AssertShape(schemas, "SyncStarted", startedBody);
        AssertShape(schemas, "SyncRun", run);
        AssertShape(schemas, "ConnectorRun", run.GetProperty("connectors")[0]);
        AssertShape(schemas, "SyncRun", history[0]);
        Assert.All(connectors.EnumerateArray(), connector => AssertShape(schemas, "Connector", connector));
    }

    [Fact]
    public async Task Docs_Page_ServedWithItsOwnScriptOnly()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.System.Gateway };

        var page = await anonymous.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();
        var script = await anonymous.GetAsync("/docs/docs.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"/docs/docs.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("/openapi/v1.json", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Every required member of the schema is there, and every member there is described.</summary>
    private static void AssertShape(JsonElement schemas, string name, JsonElement value)
    {
        var schema = schemas.GetProperty(name);
        var described = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var present = value.EnumerateObject().Select(p => p.Name).ToHashSet();
        var required = schema.TryGetProperty("required", out var list)
            ? list.EnumerateArray().Select(item => item.GetString()!).ToList()
            : [];

        Assert.All(required, member => Assert.True(present.Contains(member), $"{name} lacks {member}: {value}"));
        Assert.All(present, member => Assert.True(described.Contains(member), $"{name} has undocumented {member}"));
    }
}
