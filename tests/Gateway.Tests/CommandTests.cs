using System.Net;
using System.Text.Json;

namespace Connectors.Gateway.Tests;

public sealed class CommandTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task CreateProject_WithName_PrintsOneJsonLineWithWorkingKey()
    {
        var (exitCode, output) = await gateway.RunCommandAsync("create-project", "Acme");

        Assert.Equal(0, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        var apiKey = document.RootElement.GetProperty("apiKey").GetString()!;
        Assert.Matches("^cnk_[A-Za-z0-9_-]{43}$", apiKey);
        Assert.True(document.RootElement.GetProperty("projectId").TryGetGuid(out _));
        using var client = gateway.ClientWithKey(apiKey);
        using var response = await client.GetAsync("/api/connectors");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateApiKey_ForExistingProject_IssuesSecondKeyForSameProject()
    {
        var (projectId, firstKey) = await gateway.CreateProjectAsync();

        var (exitCode, output) = await gateway.RunCommandAsync("create-api-key", projectId.ToString());

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(projectId, document.RootElement.GetProperty("projectId").GetGuid());
        Assert.NotEqual(firstKey, document.RootElement.GetProperty("apiKey").GetString());
    }

    [Fact]
    public async Task CreateApiKey_ForUnknownProject_Fails()
    {
        var (exitCode, output) = await gateway.RunCommandAsync("create-api-key", Guid.NewGuid().ToString());

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
    }

    [Fact]
    public async Task RevokeApiKey_ByPrefix_KeyIsRefused()
    {
        var (_, apiKey) = await gateway.CreateProjectAsync();

        var (exitCode, _) = await gateway.RunCommandAsync("revoke-api-key", apiKey[..12]);

        Assert.Equal(0, exitCode);
        using var client = gateway.ClientWithKey(apiKey);
        using var response = await client.GetAsync("/api/connectors");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
