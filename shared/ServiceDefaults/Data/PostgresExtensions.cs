using System.Reflection;
using Connectors.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Connectors.ServiceDefaults.Data;

public static class PostgresExtensions
{
    /// <summary>The connection string every service reads: <c>ConnectionStrings:Postgres</c>.</summary>
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// Registers the one <see cref="NpgsqlDataSource"/> of the service and a readiness check on it. Stops the
    /// service at start when the connection string is missing.
    /// </summary>
    public static IHostApplicationBuilder AddPostgres(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The setting ConnectionStrings:{ConnectionStringName} is missing: the service needs PostgreSQL.");
        }

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        dataSourceBuilder.ConnectionStringBuilder.ApplicationName ??= builder.Environment.ApplicationName;
        // Probes idle pooled connections, so a PostgreSQL restart costs no request a dead connection.
        if (dataSourceBuilder.ConnectionStringBuilder.KeepAlive == 0)
        {
            dataSourceBuilder.ConnectionStringBuilder.KeepAlive = 5;
        }

        dataSourceBuilder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => TelemetryExtensions.InTracedWork())
            .ConfigureBatchFilter(_ => TelemetryExtensions.InTracedWork()));
        builder.Services.AddSingleton(dataSourceBuilder.Build());
        builder.Services.AddHealthChecks().AddReadinessCheck<PostgresHealthCheck>("postgres");
        return builder;
    }

    /// <summary>
    /// Applies the service's embedded migrations (resources ending in <c>.sql</c> under <c>Data/Migrations</c>,
    /// in name order) before the service takes traffic.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app, string schema, Assembly migrations)
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await DatabaseMigrator.MigrateAsync(dataSource, schema, migrations, app.Lifetime.ApplicationStopping);
    }
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException exception)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}
