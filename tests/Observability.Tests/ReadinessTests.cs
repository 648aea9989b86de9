using System.Net;
using System.Security.Cryptography;
using Connectors.Testing;
using Npgsql;

namespace Connectors.Observability.Tests;

/// <summary>
/// A service's <c>/health/ready</c> follows its PostgreSQL and its RabbitMQ: 503 while one is gone, 200 once it is
/// back. The service reaches the shared servers through relays this test cuts and restores; the servers stay up.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly TestVirtualHost _virtualHost = new();
    private TcpRelay _postgres = null!;
    private TcpRelay _rabbit = null!;
    private ServiceProcess _registry = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _virtualHost.InitializeAsync();
        _postgres = new TcpRelay(new NpgsqlConnectionStringBuilder(TestServers.PostgresAdmin).Port);
        _rabbit = new TcpRelay(TestServers.Amqp.Port);
        _registry = ServiceProcess.Start("ConnectorRegistry", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
            {
                Port = _postgres.Port,
                Timeout = 3,
            }.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = new UriBuilder(_virtualHost.Amqp) { Port = _rabbit.Port }.Uri.ToString(),
            ["Internal__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        await _registry.WaitForReadinessAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_PostgresGoneThenBack_503ThenOk()
    {
        _postgres.Cut();
        await _registry.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable);

        _postgres.Restore();

        await _registry.WaitForReadinessAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_RabbitMqGoneThenBack_503ThenOk()
    {
        _rabbit.Cut();
        await _registry.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable);

        _rabbit.Restore();

        await _registry.WaitForReadinessAsync(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _rabbit.DisposeAsync();
        await _postgres.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }
}
