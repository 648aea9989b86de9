using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Connectors.EndToEnd.Tests;

/// <summary>Bad requests get a problem document that says what is wrong, and change nothing.</summary>
[Collection(SystemCollection.Name)]
public sealed class BadInputTests(SystemFixture fixture)
{
    public static TheoryData<string, int> BadBodies => new()
    {
        { "{not json", 400 },
        { """{"type": 42}""", 400 },
        { """{"type": "stripe", "credentials": "sk_test_x"}""", 400 },
        { """{"type": "stripe", "credentials": {}}""", 400 },
        { """{"credentials": {"apiKey": "sk_test_x"}}""", 400 },
        { """{"type": "google_ads", "credentials": {"apiKey": "x"}}""", 400 },
        { "[]", 400 },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task PostConnector_BadBody_IsAProblemAndStoresNothing(string body, int status)
    {
        var (_, api) = await fixture.NewProjectAsync("bad body");

        var response = await api.PostAsync(
            "/api/connectors",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        await AssertProblemAsync(response);
        Assert.Empty((await api.GetFromJsonAsync<List<ConnectorView>>("/api/connectors"))!);
    }

    [Fact]
    public async Task PostConnector_HugeBody_Is413Problem()
    {
        var (_, api) = await fixture.NewProjectAsync("huge body");
        var huge = JsonSerializer.Serialize(
            new { type = "stripe", credentials = new { apiKey = new string('k', 2_000_000) } });

        var response = await api.PostAsync(
            "/api/connectors",
            new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task PostConnector_StripeKeyThePlatformRefuses_Is422AndStoresNothing()
    {
        var (_, api) = await fixture.NewProjectAsync("refused key");

        var response = await api.PostAsJsonAsync(
            "/api/connectors",
            new { type = "stripe", credentials = new { apiKey = "sk_test_" + Guid.NewGuid().ToString("N") } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await AssertProblemAsync(response);
        Assert.Empty((await api.GetFromJsonAsync<List<ConnectorView>>("/api/connectors"))!);
    }

    [Fact]
    public async Task PostConnector_Twice_Is409AndKeepsTheFirst()
    {
        var (_, api) = await fixture.NewProjectAsync("twice");
        var (_, key) = await Accounts.StripeAsync(fixture.Sandbox);
        var body = new { type = "stripe", credentials = new { apiKey = key } };
        (await api.PostAsJsonAsync("/api/connectors", body)).EnsureSuccessStatusCode();
        var before = await api.GetStringAsync("/api/connectors");

        var response = await api.PostAsJsonAsync("/api/connectors", body);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await AssertProblemAsync(response);
        Assert.Equal(before, await api.GetStringAsync("/api/connectors"));
    }

    [Theory]
    [InlineData("/api/connectors?type=hubspot", 404)]
    [InlineData("/api/connectors?type=myspace", 400)]
    [InlineData("/api/connectors", 400)]
    public async Task Delete_NothingToDisconnect_IsAProblem(string path, int status)
    {
        var (_, api) = await fixture.NewProjectAsync("delete nothing");

        var response = await api.DeleteAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task SyncRun_NothingConnected_Is409Problem()
    {
        var (_, api) = await fixture.NewProjectAsync("nothing to sync");

        var response = await api.PostAsync("/api/sync/run", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task SyncStatus_UnknownId_Is404Problem()
    {
        var (_, api) = await fixture.NewProjectAsync("unknown sync");

        var response = await api.GetAsync("/api/sync/sync_" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.TryGetProperty("title", out _));
        Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
    }
}
