using System.Reflection;
using Dapper;
using Npgsql;

namespace Connectors.ServiceDefaults.Data;

/// <summary>
/// Applies embedded SQL migrations to one schema, each once, in name order. An advisory lock keyed by the schema
/// makes concurrent starts of several instances apply each migration once.
/// </summary>
public static class DatabaseMigrator
{
    private const string CreateJournal = """
        CREATE SCHEMA IF NOT EXISTS {0};
        CREATE TABLE IF NOT EXISTS {0}.schema_migrations (
            name text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now());
        """;

    private const string Lock = "SELECT pg_advisory_xact_lock(hashtext('migrate:' || @Schema))";

    private const string Applied = "SELECT name FROM {0}.schema_migrations";

    private const string Record = "INSERT INTO {0}.schema_migrations (name) VALUES (@Name)";

    public static async Task MigrateAsync(
        NpgsqlDataSource dataSource,
        string schema,
        Assembly assembly,
        CancellationToken cancellationToken)
    {
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal)
                && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(Cmd(Lock, new { Schema = schema }, transaction, cancellationToken));
        await connection.ExecuteAsync(Cmd(string.Format(CreateJournal, schema), null, transaction, cancellationToken));

        var applied = (await connection.QueryAsync<string>(
            Cmd(string.Format(Applied, schema), null, transaction, cancellationToken))).ToHashSet();

        foreach (var script in scripts.Where(script => !applied.Contains(script)))
        {
            await connection.ExecuteAsync(Cmd(await ReadAsync(assembly, script), null, transaction, cancellationToken));
            await connection.ExecuteAsync(
                Cmd(string.Format(Record, schema), new { Name = script }, transaction, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static CommandDefinition Cmd(
        string sql,
        object? parameters,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private static async Task<string> ReadAsync(Assembly assembly, string resource)
    {
        await using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration {resource} cannot be read.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
