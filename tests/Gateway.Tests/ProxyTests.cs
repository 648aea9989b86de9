using System.Net;
using System.Net.Http.Json;
using Connectors.ServiceDefaults.Security;

namespace Connectors.Gateway.Tests;

public sealed class ProxyTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Request_WithoutCredentials_Returns401Problem()
    {
        using var client = gateway.Client();

        using var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_WithUnknownKey_Returns401Problem()
    {
        using var client = gateway.ClientWithKey("cnk_" + new string('A', 43));

        using var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_WithValidKey_ReachesRegistrySignedForProjectWithoutAuthorization()
    {
        var (projectId, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);

        using var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Equal("registry", echoed.Backend);
        Assert.Equal("/api/connectors", echoed.Target);
        Assert.Null(echoed.Header("Authorization"));
        Assert.True(gateway.Signature.TryVerify(echoed.Header(CallerSignature.HeaderName), out var caller));
        Assert.Equal(projectId, caller.ProjectId);
    }

    [Fact]
    public async Task Request_WithClientCallerHeader_BackendSeesOnlyTheGatewaySignature()
    {
        var (projectId, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/connectors");
        request.Headers.Add(CallerSignature.HeaderName, gateway.Signature.Sign(Guid.NewGuid()));

        using var response = await client.SendAsync(request);

        var echoed = await EchoedRequest.ReadAsync(response);
        var header = echoed.Header(CallerSignature.HeaderName);
        Assert.DoesNotContain(",", header);
        Assert.True(gateway.Signature.TryVerify(header, out var caller));
        Assert.Equal(projectId, caller.ProjectId);
    }

    [Fact]
    public async Task Request_WithoutTraceContext_ReachesRegistryInANewSampledTrace()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);

        using var response = await client.GetAsync("/api/connectors");

        var traceparent = (await EchoedRequest.ReadAsync(response)).Header("traceparent");
        Assert.NotNull(traceparent);
        var parts = traceparent.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.NotEqual(new string('0', 32), parts[1]);
        Assert.Equal(1, Convert.ToInt32(parts[3], 16) & 1);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("00")]
    public async Task Request_WithTraceContext_ReachesRegistryInTheCallersTraceWithItsSampling(string flags)
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/connectors");
        request.Headers.Add("traceparent", $"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-{flags}");

        using var response = await client.SendAsync(request);

        var parts = (await EchoedRequest.ReadAsync(response)).Header("traceparent")?.Split('-');
        Assert.NotNull(parts);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parts[1]);
        Assert.Equal(Convert.ToInt32(flags, 16) & 1, Convert.ToInt32(parts[3], 16) & 1);
    }

    [Fact]
    public async Task Callback_WithoutCredentials_ReachesOAuthSignedWithoutProject()
    {
        using var client = gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/connectors/hubspot/callback?code=c1&state=s1");
        request.Headers.Add(CallerSignature.HeaderName, gateway.Signature.Sign(Guid.NewGuid()));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Equal("oauth", echoed.Backend);
        Assert.Equal("/api/connectors/hubspot/callback?code=c1&state=s1", echoed.Target);
        Assert.True(gateway.Signature.TryVerify(echoed.Header(CallerSignature.HeaderName), out var caller));
        Assert.Null(caller.ProjectId);
    }

    [Fact]
    public async Task Authorize_WithValidKey_ReachesOAuthSignedForProject()
    {
        var (projectId, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);

        using var response = await client.GetAsync("/api/connectors/google_ads/auth");

        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Equal("oauth", echoed.Backend);
        Assert.True(gateway.Signature.TryVerify(echoed.Header(CallerSignature.HeaderName), out var caller));
        Assert.Equal(projectId, caller.ProjectId);
    }

    [Fact]
    public async Task SyncRun_WithValidKey_ReachesOrchestrator()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);

        using var response = await client.PostAsync("/api/sync/run", null);

        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Equal("orchestrator", echoed.Backend);
        Assert.Equal("POST", echoed.Method);
        Assert.Equal("/api/sync/run", echoed.Target);
    }

    [Fact]
    public async Task InternalPath_WithValidKey_IsNotRouted()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);

        using var response = await client.GetAsync("/internal/connectors?status=connected");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(
            gateway.Registry.Received.Concat(gateway.OAuth.Received).Concat(gateway.Orchestrator.Received),
            request => request.Target.StartsWith("/internal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_WithBodyOverOneMegabyte_Returns413Problem()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);
        using var body = new ByteArrayContent(new byte[(1024 * 1024) + 1]);

        using var response = await client.PostAsync("/api/connectors", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_WithApiKeyAndNoCsrfHeader_IsForwarded()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);

        using var response = await client.PostAsJsonAsync("/api/connectors", new { type = "hubspot" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry", (await EchoedRequest.ReadAsync(response)).Backend);
    }

    [Fact]
    public async Task Health_WithoutCredentials_Answers()
    {
        using var client = gateway.Client();

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
