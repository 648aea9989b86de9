using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connectors.Testing;
using Dapper;

namespace Connectors.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class GatewayRulesTests(SystemFixture fixture)
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "GET", "/api/connectors" },
        { "POST", "/api/connectors" },
        { "DELETE", "/api/connectors?type=stripe" },
        { "GET", "/api/connectors/google_ads/auth" },
        { "POST", "/api/sync/run" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Request_WithoutCredentials_Is401Problem(string method, string path)
    {
        using var client = fixture.Anonymous();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Request_WithUnknownKey_Is401()
    {
        using var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "cnk_" + new string('A', 43));

        var response = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Callback_WithoutCredentialsAndABogusState_ShowsAPageAndStoresNothing()
    {
        using var client = fixture.Anonymous();
        var credentialsBefore = await CountAsync("SELECT count(*) FROM oauth.credentials");

        var response = await client.GetAsync("/api/connectors/google_ads/callback?code=abc&state=not-a-state");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/dashboard/sensors", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The end-to-end tests run one at a time, so no other test adds credentials meanwhile.
        Assert.Equal(credentialsBefore, await CountAsync("SELECT count(*) FROM oauth.credentials"));
    }

    [Fact]
    public async Task Callback_ReusedState_ShowsAPageAndChangesNothing()
    {
        var (project, api) = await fixture.NewProjectAsync("reused state");
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);
        var callback = await CallbackUrlAsync(browser, "google_ads", Accounts.GoogleAds());
        var first = await browser.FollowAsync(callback);
        var before = await CredentialsAsync(project.ProjectId);

        var second = await browser.GetAsync(callback);

        Assert.Contains("connected=google_ads", first.Url.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(before, await CredentialsAsync(project.ProjectId));
    }

    [Fact]
    public async Task Callback_ExpiredState_ShowsAPageAndStoresNothing()
    {
        var (project, api) = await fixture.NewProjectAsync("expired state");
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);
        var callback = await CallbackUrlAsync(browser, "hubspot", Accounts.HubSpot());
        await using (var connection = await fixture.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE oauth.authorization_states SET expires_at = now() - interval '1 minute' WHERE project_id = @P",
                new { P = project.ProjectId });
        }

        var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await CredentialsAsync(project.ProjectId));
        var list = await api.GetFromJsonAsync<List<ConnectorView>>("/api/connectors");
        Assert.DoesNotContain(list!, c => c.Status == "connected");
    }

    [Fact]
    public async Task Callback_StateOfAnotherType_IsRefused()
    {
        var (project, _) = await fixture.NewProjectAsync("wrong type state");
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);
        var callback = await CallbackUrlAsync(browser, "hubspot", Accounts.HubSpot());
        var forged = new Uri(
            callback.ToString().Replace("/hubspot/callback", "/google_ads/callback", StringComparison.Ordinal));

        var response = await browser.GetAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await CredentialsAsync(project.ProjectId));
    }

    [Theory]
    [InlineData("POST", "/api/connectors")]
    [InlineData("GET", "/api/connectors/myspace/auth")]
    public async Task UnknownType_Is400ProblemNamingTheValidTypes(string method, string path)
    {
        var (_, api) = await fixture.NewProjectAsync("unknown type");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { type = "myspace" });
        }

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.All(Contracts.ConnectorTypes.All, type => Assert.Contains(type, detail, StringComparison.Ordinal));
    }

    private static async Task<Uri> CallbackUrlAsync(Browser browser, string type, string account)
    {
        // Stop the browser on the platform's redirect back to us, before it reaches the callback.
        var (consentUrl, consent) = await browser.FollowAsync(new Uri(browser.Gateway, $"/api/connectors/{type}/auth"));
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var approve = new Uri(consentUrl.GetLeftPart(UriPartial.Path) + "/approve");
        var fields = System.Web.HttpUtility.ParseQueryString(consentUrl.Query);
        var form = fields.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => fields[k]!);
        form["account"] = account;
        form["decision"] = "allow";
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await client.PostAsync(approve, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    private async Task<long> CredentialsAsync(Guid project) =>
        await CountAsync($"SELECT count(*) FROM oauth.credentials WHERE project_id = '{project}'");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
