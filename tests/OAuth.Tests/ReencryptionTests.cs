using System.Text.Json;

namespace Connectors.OAuth.Tests;

public sealed class ReencryptionTests : IClassFixture<OAuthFixture>
{
    private readonly OAuthFixture _fixture;

    public ReencryptionTests(OAuthFixture fixture)
    {
        _fixture = fixture;
        _fixture.Fake.Reset();
    }

    [Fact]
    public async Task Background_AfterKeyBBecomesActive_MovesRowsUnderKeyAToKeyBWithTheSameSecrets()
    {
        var projects = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var (project, index) in projects.Select((project, index) => (project, index)))
        {
            await _fixture.App.SeedTokensAsync(
                project, "hubspot", $"access-{index}", $"refresh-{index}", DateTimeOffset.UtcNow.AddHours(1));
        }

        await using var rotated = new OAuthApp(_fixture.Database, _fixture.Fake, new Dictionary<string, string?>
        {
            ["Encryption:ActiveKeyId"] = "b",
            ["Encryption:Keys:b"] = OAuthApp.KeyB,
            ["Encryption:ReencryptInterval"] = "00:00:00.200",
            ["Encryption:ReencryptBatchSize"] = "2",
        });
        using var client = rotated.CreateClient();

        var reads = new List<string>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        do
        {
            reads.Add(await ReadTokenAsync(rotated, client, projects[0]));
            await Task.Delay(50, CancellationToken.None);
        }
        while (await CountUnderKeyAAsync(rotated, projects) > 0 && !patience.IsCancellationRequested);
        reads.Add(await ReadTokenAsync(rotated, client, projects[0]));

        Assert.All(reads, read => Assert.Equal("200 access-0", read));
        foreach (var (project, index) in projects.Select((project, index) => (project, index)))
        {
            Assert.Equal("b", (await rotated.ReadRowAsync(project, "hubspot"))!.KeyId);
            var secrets = await rotated.StoredSecretsAsync(project, "hubspot");
            Assert.Equal($"access-{index}", secrets!.AccessToken);
            Assert.Equal($"refresh-{index}", secrets.RefreshToken);
        }

        Assert.Empty(_fixture.Fake.IssuedTokens);
    }

    private static async Task<string> ReadTokenAsync(OAuthApp app, HttpClient client, Guid project)
    {
        using var response = await app.SendAsync(
            client, HttpMethod.Post, "/internal/tokens/hubspot", project, new { forceRefresh = false });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.TryGetProperty("accessToken", out var value) ? value.GetString() : null;
        return $"{(int)response.StatusCode} {token}";
    }

    private static async Task<int> CountUnderKeyAAsync(OAuthApp app, IEnumerable<Guid> projects)
    {
        var count = 0;
        foreach (var project in projects)
        {
            if ((await app.ReadRowAsync(project, "hubspot"))?.KeyId == "a")
            {
                count++;
            }
        }

        return count;
    }
}
