using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Connectors.ConnectorRegistry.Tests;

public sealed class ConnectorsApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task List_WithSeveralConnectors_ReturnsThemInTypeOrderWithExactFields()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(
            project, "quickbooks", new { status = "reauth_required", statusReason = "Token revoked" });
        await registry.PutStatusAsync(
            project, "stripe", new { status = "connected", accountName = "Acme", accountId = "a1" });
        await registry.PutStatusAsync(project, "google_ads", new { status = "pending" });

        using var response = await registry.SendAsync(HttpMethod.Get, "/api/connectors", project);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = list.RootElement.EnumerateArray().ToList();
        Assert.Equal(
            ["google_ads", "stripe", "quickbooks"],
            items.Select(item => item.GetProperty("type").GetString()));
        Assert.Equal(
            ["type", "status", "lastSync", "accountName", "connectedAt"],
            items[1].EnumerateObject().Select(property => property.Name));
        Assert.Equal("Acme", items[1].GetProperty("accountName").GetString());
        Assert.EndsWith("Z", items[1].GetProperty("connectedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("lastSync").ValueKind);
        Assert.Equal("Token revoked", items[2].GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task List_OfAnotherProject_DoesNotShowTheCallersConnectors()
    {
        var owner = Guid.NewGuid();
        await registry.PutStatusAsync(owner, "hubspot", new { status = "connected" });

        using var response = await registry.SendAsync(HttpMethod.Get, "/api/connectors", Guid.NewGuid());

        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_Unsigned_Returns401Problem()
    {
        using var client = registry.Client();

        using var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_SignedWithoutProject_Returns401()
    {
        using var response = await registry.SendAsync(HttpMethod.Get, "/api/connectors", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Connect_UnknownType_Returns400NamingValidTypes()
    {
        using var response = await registry.PostAsync(Guid.NewGuid(), new { type = "myspace" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("google_ads", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, problem.RootElement.GetProperty("validTypes").GetArrayLength());
    }

    [Fact]
    public async Task Connect_MissingType_Returns400NamingValidTypes()
    {
        using var response = await registry.PostAsync(Guid.NewGuid(), new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("quickbooks", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_UnknownFieldAndWrongType_Returns400WithFieldErrors()
    {
        using var response = await registry.PostAsync(Guid.NewGuid(), new { type = 5, color = "red" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("type", out _));
        Assert.True(errors.TryGetProperty("color", out _));
    }

    [Fact]
    public async Task Connect_MalformedJson_Returns400Problem()
    {
        using var body = new StringContent("{\"type\": ", Encoding.UTF8, "application/json");

        using var response = await registry.SendAsync(HttpMethod.Post, "/api/connectors", Guid.NewGuid(), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Connect_StripeWithoutApiKey_Returns400AndStoresNothing()
    {
        var project = Guid.NewGuid();

        using var response = await registry.PostAsync(project, new { type = "stripe", credentials = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("[]", await ListAsync(project));
    }

    [Fact]
    public async Task Connect_StripeWithAcceptedKey_Returns201Connected()
    {
        var project = Guid.NewGuid();

        using var response = await registry.PostAsync(
            project, new { type = "stripe", credentials = new { apiKey = StubOAuthService.GoodKey } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("connected", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(StubOAuthService.AccountName, body.RootElement.GetProperty("accountName").GetString());
        Assert.NotEqual(JsonValueKind.Null, body.RootElement.GetProperty("connectedAt").ValueKind);
        Assert.Contains(registry.OAuth.Calls, call => call == ("PUT", "stripe", project));
    }

    [Fact]
    public async Task Connect_StripeWithRefusedKey_Returns422WithPlatformDetailAndStoresNothing()
    {
        var project = Guid.NewGuid();

        using var response = await registry.PostAsync(
            project, new { type = "stripe", credentials = new { apiKey = "sk_test_wrong" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Invalid API Key provided: sk_test_****", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("[]", await ListAsync(project));
    }

    [Fact]
    public async Task Connect_OAuthType_Returns202PendingWithAuthorizeUrl()
    {
        var project = Guid.NewGuid();

        using var response = await registry.PostAsync(project, new { type = "hubspot" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pending", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(
            RegistryFixture.PublicBaseUrl + "/api/connectors/hubspot/auth",
            body.RootElement.GetProperty("authorizeUrl").GetString());
        Assert.Contains("\"status\":\"pending\"", await ListAsync(project), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OAuthTypeWithCredentials_Returns400()
    {
        using var response = await registry.PostAsync(
            Guid.NewGuid(), new { type = "google_ads", credentials = new { apiKey = "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Connect_TypeAlreadyConnected_Returns409()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "meta_ads", new { status = "connected" });

        using var response = await registry.PostAsync(project, new { type = "meta_ads" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("disconnect it first", problem.RootElement.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_ByQuery_RevokesAndRemovesConnector()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "linkedin_ads", new { status = "connected" });

        using var response = await registry.SendAsync(
            HttpMethod.Delete, "/api/connectors?type=linkedin_ads", project);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"type":"linkedin_ads","disconnected":true,"revoked":true}""",
            await response.Content.ReadAsStringAsync());
        Assert.Contains(registry.OAuth.Calls, call => call == ("DELETE", "linkedin_ads", project));
        Assert.Equal("[]", await ListAsync(project));
    }

    [Fact]
    public async Task Disconnect_ByBody_RemovesConnector()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "google_analytics", new { status = "connected" });

        using var response = await registry.SendAsync(
            HttpMethod.Delete, "/api/connectors", project, JsonContent.Create(new { type = "google_analytics" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await ListAsync(project));
    }

    [Fact]
    public async Task Disconnect_TypeNotConnected_Returns404Problem()
    {
        using var response = await registry.SendAsync(
            HttpMethod.Delete, "/api/connectors?type=quickbooks", Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Disconnect_UnknownType_Returns400()
    {
        using var response = await registry.SendAsync(
            HttpMethod.Delete, "/api/connectors?type=friendster", Guid.NewGuid());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Disconnect_WhenOAuthServiceFails_Returns503AndKeepsConnector()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "hubspot", new { status = "connected" });
        registry.OAuth.FailingProjects[project] = true;

        using var response = await registry.SendAsync(HttpMethod.Delete, "/api/connectors?type=hubspot", project);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"type\":\"hubspot\"", await ListAsync(project), StringComparison.Ordinal);
    }

    private async Task<string> ListAsync(Guid project)
    {
        using var response = await registry.SendAsync(HttpMethod.Get, "/api/connectors", project);
        return await response.Content.ReadAsStringAsync();
    }
}
