using System.Net;
using System.Security.Cryptography;
using System.Text;
using Connectors.OAuth.Options;
using Connectors.OAuth.Security;

namespace Connectors.OAuth.Tests;

public sealed class KeyRotationTests : IClassFixture<OAuthFixture>
{
    private static readonly Dictionary<string, string?> _keyBActive = new()
    {
        ["Encryption:ActiveKeyId"] = "b",
        ["Encryption:Keys:b"] = OAuthApp.KeyB,
        ["Encryption:ReencryptInterval"] = "00:00:00",
    };

    private readonly OAuthFixture _fixture;

    public KeyRotationTests(OAuthFixture fixture)
    {
        _fixture = fixture;
        _fixture.Fake.Reset();
    }

    [Fact]
    public async Task Token_RowWrittenUnderKeyA_StillOpensAfterKeyBBecomesActive()
    {
        var project = Guid.NewGuid();
        await _fixture.App.SeedTokensAsync(
            project, "hubspot", "sealed-under-a", "refresh", DateTimeOffset.UtcNow.AddHours(1));
        await using var rotated = new OAuthApp(_fixture.Database, _fixture.Fake, _keyBActive);

        var response = await rotated.SendAsync(
            rotated.CreateClient(), HttpMethod.Post, "/internal/tokens/hubspot", project, new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("sealed-under-a", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("a", (await rotated.ReadRowAsync(project, "hubspot"))!.KeyId);
    }

    [Fact]
    public async Task Refresh_AfterKeyBBecomesActive_RewritesTheRowUnderKeyB()
    {
        var project = Guid.NewGuid();
        await _fixture.App.SeedTokensAsync(project, "hubspot", "old", "refresh", DateTimeOffset.UtcNow.AddHours(-1));
        await using var rotated = new OAuthApp(_fixture.Database, _fixture.Fake, _keyBActive);

        var response = await rotated.SendAsync(
            rotated.CreateClient(), HttpMethod.Post, "/internal/tokens/hubspot", project, new { forceRefresh = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b", (await rotated.ReadRowAsync(project, "hubspot"))!.KeyId);
        var stored = await rotated.StoredSecretsAsync(project, "hubspot");
        Assert.Contains(stored!.AccessToken, _fixture.Fake.IssuedTokens);
    }

    [Fact]
    public async Task PutCredentials_AfterKeyBBecomesActive_WritesUnderKeyB()
    {
        var project = Guid.NewGuid();
        await using var rotated = new OAuthApp(_fixture.Database, _fixture.Fake, _keyBActive);

        var response = await rotated.SendAsync(rotated.CreateClient(), HttpMethod.Put, "/internal/credentials/stripe",
            project, new { credentials = new { apiKey = "sk_test_rotated" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b", (await rotated.ReadRowAsync(project, "stripe"))!.KeyId);
    }

    [Fact]
    public void Open_CiphertextOfAnotherRow_IsRefused()
    {
        var protector = new SecretProtector(Microsoft.Extensions.Options.Options.Create(new EncryptionOptions
        {
            ActiveKeyId = "a",
            Keys = { ["a"] = OAuthApp.KeyA },
        }));
        var project = Guid.NewGuid();
        var sealedSecret = protector.Seal(Encoding.UTF8.GetBytes("secret"), $"{project:D}|hubspot");

        var copied = Record.Exception(() => protector.Open(sealedSecret, $"{Guid.NewGuid():D}|hubspot"));

        Assert.IsAssignableFrom<CryptographicException>(copied);
        Assert.Equal("secret", Encoding.UTF8.GetString(protector.Open(sealedSecret, $"{project:D}|hubspot")));
    }

    [Theory]
    [InlineData("Encryption:ActiveKeyId", "", "Encryption:ActiveKeyId")]
    [InlineData("Encryption:ActiveKeyId", "unlisted", "Encryption:Keys:unlisted")]
    [InlineData("Encryption:Keys:a", "dG9vIHNob3J0", "Encryption:Keys:a")]
    public async Task Start_WithoutAUsableKey_FailsNamingTheSetting(string key, string value, string named)
    {
        await using var broken = new OAuthApp(_fixture.Database, _fixture.Fake, new Dictionary<string, string?>
        {
            [key] = value,
        });

        var failure = Record.Exception(() => broken.Server);

        Assert.NotNull(failure);
        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}
