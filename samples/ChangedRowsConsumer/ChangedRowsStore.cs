using System.Text;
using Connectors.Contracts;
using Dapper;
using Npgsql;

namespace Connectors.Samples.ChangedRowsConsumer;

/// <summary>
/// Reads the rows one sync changed in one landing table (they carry the sync's id in <c>sync_id</c>) and records
/// them in the sample's own schema: the natural key of each row in <c>downstream.changed_records</c>, and one line
/// per sync and table in <c>downstream.table_changes</c>. Both are rewritten as they were when an event is
/// delivered twice.
/// </summary>
public sealed class ChangedRowsStore(NpgsqlDataSource dataSource)
{
    /// <summary>The schema the product lands records in; the sample reads no other.</summary>
    public const string LandingSchema = "data";

    private const int Batch = 1_000;

    // The natural key is the table's primary key without project_id: read from PostgreSQL's catalog, so the sample
    // needs no list of the product's tables and keeps working when a platform or a table is added.
    private const string KeyColumns = """
        SELECT a.attname
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE n.nspname = @Schema AND c.relname = @Name AND i.indisprimary AND a.attname <> 'project_id'
        ORDER BY array_position(i.indkey::int2[], a.attnum)
        """;

    private const string SaveKeys = """
        INSERT INTO downstream.changed_records (sync_id, project_id, table_name, record_key)
        SELECT @SyncId, @ProjectId, @Table, key::jsonb FROM unnest(@Keys) AS key
        ON CONFLICT DO NOTHING
        """;

    private const string SaveCounts = """
        INSERT INTO downstream.table_changes
            (sync_id, project_id, type, table_name, inserted, updated, rows_read, window_start, window_end, read_at)
        VALUES (@SyncId, @ProjectId, @Type, @Table, @Inserted, @Updated, @RowsRead, @WindowStart, @WindowEnd, now())
        ON CONFLICT (sync_id, table_name) DO UPDATE SET rows_read = excluded.rows_read, read_at = excluded.read_at
        """;

    /// <summary>
    /// Reads and records the rows of <paramref name="stream"/>'s table that <paramref name="completed"/> changed;
    /// how many there were, or null when the table is not a landing table.
    /// </summary>
    public async Task<long?> ReadAsync(
        SyncCompleted completed,
        StreamResult stream,
        CancellationToken cancellationToken)
    {
        if (stream.Table.Split('.') is not [LandingSchema, var name])
        {
            return null;
        }

        await using var reading = await dataSource.OpenConnectionAsync(cancellationToken);
        var keys = (await reading.QueryAsync<string>(new CommandDefinition(
            KeyColumns, new { Schema = LandingSchema, Name = name }, cancellationToken: cancellationToken))).ToList();
        if (keys.Count == 0)
        {
            return null;
        }

        await using var writing = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await writing.BeginTransactionAsync(cancellationToken);
        var rows = 0L;
        var batch = new List<string>(Batch);
        var changed = reading.QueryUnbufferedAsync<string>(
            ChangedRows(name, keys), new { completed.ProjectId, completed.SyncId });
        await foreach (var key in changed.WithCancellation(cancellationToken))
        {
            rows++;
            batch.Add(key);
            if (batch.Count == Batch)
            {
                await SaveKeysAsync(writing, transaction, completed, stream, batch, cancellationToken);
            }
        }

        await SaveKeysAsync(writing, transaction, completed, stream, batch, cancellationToken);
        await writing.ExecuteAsync(new CommandDefinition(SaveCounts, new
        {
            completed.SyncId,
            completed.ProjectId,
            completed.Type,
            stream.Table,
            stream.Inserted,
            stream.Updated,
            RowsRead = rows,
            WindowStart = stream.WindowStart?.UtcDateTime,
            WindowEnd = stream.WindowEnd?.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// The rows the sync changed, as their natural key in JSON (e.g. <c>{"id": "ch_…"}</c>). The names come from the
    /// catalog, and are quoted anyway.
    /// </summary>
    private static string ChangedRows(string table, IReadOnlyList<string> keys)
    {
        var key = new StringBuilder();
        foreach (var column in keys)
        {
            key.Append(key.Length == 0 ? "" : ", ")
                .Append('\'').Append(column.Replace("'", "''", StringComparison.Ordinal)).Append("', ")
                .Append("t.").Append(Quote(column));
        }

        return $"""
            SELECT jsonb_build_object({key})::text
            FROM {Quote(LandingSchema)}.{Quote(table)} AS t
            WHERE t.project_id = @ProjectId AND t.sync_id = @SyncId
            """;
    }

    private static string Quote(string identifier) =>
        $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task SaveKeysAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncCompleted completed,
        StreamResult stream,
        List<string> keys,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            SaveKeys,
            new { completed.SyncId, completed.ProjectId, stream.Table, Keys = keys.ToArray() },
            transaction,
            cancellationToken: cancellationToken));
        keys.Clear();
    }
}
