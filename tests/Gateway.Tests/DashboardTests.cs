using System.Net;
using System.Net.Http.Json;
using Connectors.ServiceDefaults.Security;

namespace Connectors.Gateway.Tests;

public sealed class DashboardTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task SensorsPage_BrowserWithoutSession_RedirectsToSignInWithReturnUrl()
    {
        using var client = gateway.Client();
        using var request = Navigation("/dashboard/sensors?connected=hubspot");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(
            "/dashboard/login?returnUrl=%2Fdashboard%2Fsensors%3Fconnected%3Dhubspot",
            response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Authorize_BrowserWithoutSession_RedirectsToSignIn()
    {
        using var client = gateway.Client();
        using var request = Navigation("/api/connectors/google_ads/auth");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/login?returnUrl=%2Fapi%2Fconnectors%2Fgoogle_ads%2Fauth",
            response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_Get_ShowsLabelledKeyField()
    {
        using var client = gateway.Client();

        using var response = await client.GetAsync("/dashboard/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"api-key\">API key</label>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithBadKey_Returns401PageWithReadableError()
    {
        using var client = gateway.Client();

        using var response = await client.PostAsync(
            "/dashboard/login", Form("cnk_not-a-real-key", "/dashboard/sensors"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("That API key was not accepted.", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_WithValidKey_RedirectsToReturnUrlAndSessionReachesBackend()
    {
        var (projectId, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.Client();

        using var login = await client.PostAsync(
            "/dashboard/login", Form(apiKey, "/api/connectors/hubspot/auth"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/connectors");
        request.Headers.Add("Cookie", "theme=dark");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/api/connectors/hubspot/auth", login.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.True(gateway.Signature.TryVerify(echoed.Header(CallerSignature.HeaderName), out var caller));
        Assert.Equal(projectId, caller.ProjectId);
        Assert.Equal("theme=dark", echoed.Header("Cookie"));
    }

    [Fact]
    public async Task Login_WithForeignReturnUrl_RedirectsToDashboard()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.Client();

        using var response = await client.PostAsync("/dashboard/login", Form(apiKey, "//evil.example/steal"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/sensors", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_PostedFromAnotherSite_Returns403()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/login")
        {
            Content = Form(apiKey, "/dashboard/sensors"),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SensorsPage_WithSession_ServesDashboard()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = await SignedInClientAsync(apiKey);

        using var response = await client.SendAsync(Navigation("/dashboard/sensors"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Sensors</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithSessionWithoutCsrfHeader_Returns403Problem()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = await SignedInClientAsync(apiKey);

        using var response = await client.PostAsJsonAsync("/api/connectors", new { type = "hubspot" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_WithSessionAndCsrfHeader_IsForwarded()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = await SignedInClientAsync(apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/connectors?type=hubspot");
        request.Headers.Add("X-Requested-With", "connectors");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DELETE", (await EchoedRequest.ReadAsync(response)).Method);
    }

    [Fact]
    public async Task Logout_WithSession_EndsIt()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = await SignedInClientAsync(apiKey);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/dashboard/logout");
        logout.Headers.Add("X-Requested-With", "connectors");

        using var loggedOut = await client.SendAsync(logout);
        using var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> SignedInClientAsync(string apiKey)
    {
        var client = gateway.Client();
        using var login = await client.PostAsync("/dashboard/login", Form(apiKey, "/dashboard/sensors"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    private static HttpRequestMessage Navigation(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        return request;
    }

    private static FormUrlEncodedContent Form(string apiKey, string returnUrl) => new(
        new Dictionary<string, string> { ["apiKey"] = apiKey, ["returnUrl"] = returnUrl });
}
