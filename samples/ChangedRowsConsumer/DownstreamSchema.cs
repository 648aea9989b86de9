using Dapper;
using Npgsql;

namespace Connectors.Samples.ChangedRowsConsumer;

/// <summary>
/// Creates the sample's own schema before the bus starts. A downstream consumer keeps its results apart from the
/// product's <c>data</c> schema, which it only reads.
/// </summary>
public sealed class DownstreamSchema(NpgsqlDataSource dataSource) : IHostedService
{
    private const string Create = """
        CREATE SCHEMA IF NOT EXISTS downstream;

        CREATE TABLE IF NOT EXISTS downstream.changed_records (
            sync_id text NOT NULL,
            project_id uuid NOT NULL,
            table_name text NOT NULL,
            record_key jsonb NOT NULL,
            read_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (sync_id, table_name, record_key));

        CREATE TABLE IF NOT EXISTS downstream.table_changes (
            sync_id text NOT NULL,
            project_id uuid NOT NULL,
            type text NOT NULL,
            table_name text NOT NULL,
            inserted bigint NOT NULL,
            updated bigint NOT NULL,
            rows_read bigint NOT NULL,
            window_start timestamptz NULL,
            window_end timestamptz NULL,
            read_at timestamptz NOT NULL,
            PRIMARY KEY (sync_id, table_name));
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Create, cancellationToken: cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
