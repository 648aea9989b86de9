using System.Security.Cryptography;
using Connectors.Testing;

namespace Connectors.Observability.Tests;

/// <summary>
/// A service started as in production (no development defaults) with one required setting missing or wrong stops at
/// once, and its output names the setting.
/// </summary>
public sealed class StartupSettingsTests(StartupSettingsTests.Servers servers)
    : IClassFixture<StartupSettingsTests.Servers>
{
    [Theory]
    [InlineData("Gateway", "Internal__SigningKey", null, "Internal:SigningKey")]
    [InlineData("Gateway", "PublicBaseUrl", null, "PublicBaseUrl")]
    [InlineData("ConnectorRegistry", "ConnectionStrings__RabbitMq", null, "ConnectionStrings:RabbitMq")]
    [InlineData("OAuth", "Encryption__Keys__k1", "c2hvcnQ=", "Encryption:Keys:k1")]
    [InlineData("OAuth", "Encryption__ActiveKeyId", null, "Encryption:ActiveKeyId")]
    [InlineData("SyncOrchestrator", "Internal__SigningKey", "bm90LWEta2V5", "Internal:SigningKey")]
    [InlineData("Workers", "ConnectionStrings__Postgres", null, "ConnectionStrings:Postgres")]
    public async Task Start_RequiredSettingMissingOrWrong_StopsNamingIt(
        string service,
        string setting,
        string? wrongValue,
        string named)
    {
        var settings = servers.Settings();
        if (wrongValue is null)
        {
            settings.Remove(setting);
        }
        else
        {
            settings[setting] = wrongValue;
        }

        await using var process = ServiceProcess.Start(service, settings);
        var exitCode = await process.ExitCodeAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, process.Output, StringComparison.Ordinal);
    }

    /// <summary>A database and a virtual host, so every setting but the one under test is valid.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        private readonly TestDatabase _database = new();
        private readonly TestVirtualHost _virtualHost = new();

        public Dictionary<string, string> Settings() => new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = _database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = _virtualHost.Amqp.ToString(),
            ["Internal__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["PublicBaseUrl"] = "http://127.0.0.1:5080",
            ["Encryption__ActiveKeyId"] = "k1",
            ["Encryption__Keys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };

        public async Task InitializeAsync()
        {
            await _database.InitializeAsync();
            await _virtualHost.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await _virtualHost.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
