using Npgsql;
using Xunit;

namespace Connectors.Testing;

/// <summary>
/// A fresh PostgreSQL database on the test server, dropped on dispose. Use one per test class (an
/// <c>IClassFixture</c>) so classes that run in parallel never see each other's rows.
/// </summary>
/// <param name="adminConnectionString">The server's admin connection; <see cref="TestServers.PostgresAdmin"/>
/// when null.</param>
public sealed class TestDatabase(string? adminConnectionString = null) : IAsyncLifetime
{
    private readonly string _admin = adminConnectionString ?? TestServers.PostgresAdmin;

    public string Name { get; } = "test_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin)
    {
        Database = Name,
        Pooling = true,
    }.ConnectionString;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
        await create.ExecuteNonQueryAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
