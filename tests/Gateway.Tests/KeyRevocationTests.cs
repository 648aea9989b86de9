using System.Net;

namespace Connectors.Gateway.Tests;

/// <summary>The gateway remembering valid keys for one second.</summary>
public sealed class ShortKeyCacheGateway : IAsyncLifetime
{
    public const int CacheSeconds = 1;

    public GatewayFixture Gateway { get; } = new(new Dictionary<string, string>
    {
        ["Gateway:ApiKeyCacheSeconds"] = CacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task InitializeAsync() => Gateway.InitializeAsync();

    public Task DisposeAsync() => Gateway.DisposeAsync();
}

public sealed class KeyRevocationTests(ShortKeyCacheGateway cached) : IClassFixture<ShortKeyCacheGateway>
{
    [Fact]
    public async Task RevokedKey_AfterTheCacheTime_IsRefused()
    {
        var gateway = cached.Gateway;
        var (_, apiKey) = await gateway.CreateProjectAsync();
        using var client = gateway.ClientWithKey(apiKey);
        using var before = await client.GetAsync("/api/connectors");
        var (exitCode, _) = await gateway.RunCommandAsync("revoke-api-key", apiKey[..12]);

        await Task.Delay(TimeSpan.FromSeconds(ShortKeyCacheGateway.CacheSeconds + 0.5));
        using var after = await client.GetAsync("/api/connectors");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
