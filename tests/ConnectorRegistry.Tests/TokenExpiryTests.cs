using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Connectors.ConnectorRegistry.Tests;

/// <summary>
/// Meta's long-lived tokens end the connection when they expire (no refresh token renews them): the connectors
/// list says when, and warns within <c>TokenExpiry:WarningDays</c> (7 by default).
/// </summary>
public sealed class TokenExpiryTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task List_AccessEndsWithinSevenDays_WarnsNamingThePlatformAndTheDate()
    {
        var project = Guid.NewGuid();
        var expiresAt = Whole(DateTimeOffset.UtcNow.AddDays(3));
        await registry.PutStatusAsync(project, "meta_ads",
            new { status = "connected", accountName = "Ads", accountId = "act_1", tokenExpiresAt = expiresAt });

        var meta = await ConnectorAsync(project, "meta_ads");

        Assert.Equal(expiresAt, meta.GetProperty("tokenExpiresAt").GetDateTimeOffset());
        var warning = meta.GetProperty("warning").GetString();
        Assert.Contains("Meta Ads", warning, StringComparison.Ordinal);
        Assert.Contains(expiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC", warning,
            StringComparison.Ordinal);
        Assert.Contains("Connect Meta Ads again", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AccessEndsInThirtyDays_ShowsTheDateWithoutWarning()
    {
        var project = Guid.NewGuid();
        var expiresAt = Whole(DateTimeOffset.UtcNow.AddDays(30));
        await registry.PutStatusAsync(project, "meta_ads", new { status = "connected", tokenExpiresAt = expiresAt });

        var meta = await ConnectorAsync(project, "meta_ads");

        Assert.Equal(expiresAt, meta.GetProperty("tokenExpiresAt").GetDateTimeOffset());
        Assert.False(meta.TryGetProperty("warning", out _));
    }

    [Fact]
    public async Task List_AccessEndsSoonButNeedsReauthorization_NoWarning()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "meta_ads",
            new { status = "connected", tokenExpiresAt = DateTimeOffset.UtcNow.AddDays(2) });
        await registry.PutStatusAsync(project, "meta_ads",
            new { status = "reauth_required", statusReason = "The Meta token has expired." });

        var meta = await ConnectorAsync(project, "meta_ads");

        Assert.False(meta.TryGetProperty("warning", out _));
        Assert.Equal("The Meta token has expired.", meta.GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task TokenExpiry_AccessExtended_WarningGoesAway()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "meta_ads",
            new { status = "connected", tokenExpiresAt = DateTimeOffset.UtcNow.AddDays(2) });
        var extended = Whole(DateTimeOffset.UtcNow.AddDays(60));

        using var response = await registry.SendAsync(HttpMethod.Put, "/internal/connectors/meta_ads/token-expiry",
            project, JsonContent.Create(new { tokenExpiresAt = extended }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var meta = await ConnectorAsync(project, "meta_ads");
        Assert.Equal(extended, meta.GetProperty("tokenExpiresAt").GetDateTimeOffset());
        Assert.False(meta.TryGetProperty("warning", out _));
    }

    [Fact]
    public async Task TokenExpiry_ConnectorNotConnected_Returns404AndCreatesNothing()
    {
        var project = Guid.NewGuid();

        using var response = await registry.SendAsync(HttpMethod.Put, "/internal/connectors/meta_ads/token-expiry",
            project, JsonContent.Create(new { tokenExpiresAt = DateTimeOffset.UtcNow.AddDays(60) }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var list = await registry.SendAsync(HttpMethod.Get, "/api/connectors", project);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> ConnectorAsync(Guid project, string type)
    {
        using var response = await registry.SendAsync(HttpMethod.Get, "/api/connectors", project);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return list.RootElement.EnumerateArray().Single(c => c.GetProperty("type").GetString() == type).Clone();
    }

    // PostgreSQL keeps microseconds; whole seconds compare exactly after the round trip.
    private static DateTimeOffset Whole(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
}
