using System.Net;
using Connectors.Testing;

namespace Connectors.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class SecurityHeadersTests(SystemFixture fixture)
{
    [Theory]
    [InlineData("/dashboard/login", false)]
    [InlineData("/dashboard/sensors", true)]
    public async Task Page_ThroughTheRunningGateway_CarriesBrowserHardeningHeaders(string path, bool signedIn)
    {
        var (project, _) = await fixture.NewProjectAsync("headers");
        using var browser = new Browser(fixture.System.Gateway);
        if (signedIn)
        {
            await browser.SignInAsync(project.ApiKey);
        }

        using var response = await browser.GetAsync(new Uri(fixture.System.Gateway, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task ApiProblem_ThroughTheRunningGateway_CarriesNosniff()
    {
        using var anonymous = fixture.Anonymous();

        using var response = await anonymous.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
