using System.Net;

namespace Connectors.Gateway.Tests;

/// <summary>The gateway with small buckets: 3 requests at once per project, 2 per address, 1 more per second.</summary>
public sealed class RateLimitedGateway : IAsyncLifetime
{
    public GatewayFixture Gateway { get; } = new(new Dictionary<string, string>
    {
        ["Gateway:RateLimit:PermitsPerSecond"] = "1",
        ["Gateway:RateLimit:Burst"] = "3",
        ["Gateway:RateLimit:AnonymousPermitsPerSecond"] = "1",
        ["Gateway:RateLimit:AnonymousBurst"] = "2",
    });

    public Task InitializeAsync() => Gateway.InitializeAsync();

    public Task DisposeAsync() => Gateway.DisposeAsync();
}

public sealed class RateLimitTests(RateLimitedGateway limited) : IClassFixture<RateLimitedGateway>
{
    private GatewayFixture Gateway => limited.Gateway;

    [Fact]
    public async Task Requests_BeyondTheProjectsBurst_Return429ProblemWithRetryAfter()
    {
        var (_, apiKey) = await Gateway.CreateProjectAsync();
        using var client = Gateway.ClientWithKey(apiKey);

        var statuses = await SendManyAsync(client, "/api/connectors", 6);
        using var rejected = await client.GetAsync("/api/connectors");

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Requests_OfAnotherProject_AreNotSlowedByABusyOne()
    {
        var (_, busyKey) = await Gateway.CreateProjectAsync("Busy");
        var (_, quietKey) = await Gateway.CreateProjectAsync("Quiet");
        using var busy = Gateway.ClientWithKey(busyKey);
        using var quiet = Gateway.ClientWithKey(quietKey);
        await SendManyAsync(busy, "/api/connectors", 6);

        using var response = await quiet.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Requests_WithoutCredentials_AreLimitedPerAddressAndHealthIsNot()
    {
        using var client = Gateway.Client();

        var statuses = await SendManyAsync(client, "/api/sync/run-1", 6);
        using var health = await client.GetAsync("/health/live");
        using var callback = await client.GetAsync("/api/connectors/hubspot/callback?code=c&state=s");

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
    }

    private static async Task<List<HttpStatusCode>> SendManyAsync(HttpClient client, string path, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}
