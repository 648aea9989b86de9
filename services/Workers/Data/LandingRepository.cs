using Connectors.Workers.Sync;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Connectors.Workers.Data;

/// <summary>Rows inserted and updated by one landed page.</summary>
public readonly record struct LandingCount(long Inserted, long Updated);

/// <summary>Lands records page by page into the <c>data</c> schema.</summary>
public interface ILandingRepository
{
    /// <summary>
    /// In one transaction: stages <paramref name="rows"/> (key then value columns, as <see cref="LandingTable"/>
    /// lists them) with binary COPY, upserts them, changing only rows whose values differ, and saves
    /// <paramref name="cursor"/> when given.
    /// </summary>
    Task<LandingCount> LandAsync(
        SyncScope scope,
        SyncStream stream,
        IReadOnlyList<object?[]> rows,
        object? cursor,
        CancellationToken cancellationToken);
}

public sealed class LandingRepository(NpgsqlDataSource dataSource, IStreamCursors cursors) : ILandingRepository
{
    public async Task<LandingCount> LandAsync(
        SyncScope scope,
        SyncStream stream,
        IReadOnlyList<object?[]> rows,
        object? cursor,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var count = rows.Count == 0
            ? new LandingCount(0, 0)
            : await UpsertAsync(connection, transaction, scope, stream.Table, rows, cancellationToken);
        if (cursor is not null)
        {
            await cursors.SaveAsync(connection, transaction, scope, stream, cursor, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private static async Task<LandingCount> UpsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncScope scope,
        LandingTable table,
        IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            table.CreateStageSql, transaction: transaction, cancellationToken: cancellationToken));
        await CopyAsync(connection, scope, table, rows, cancellationToken);
        var inserted = (await connection.QueryAsync<bool>(new CommandDefinition(
            table.UpsertSql, transaction: transaction, cancellationToken: cancellationToken))).ToList();
        var insertedCount = inserted.Count(wasInserted => wasInserted);
        return new LandingCount(insertedCount, inserted.Count - insertedCount);
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection,
        SyncScope scope,
        LandingTable table,
        IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var syncedAt = scope.StartedAt.ToUniversalTime();
        await using var importer = await connection.BeginBinaryImportAsync(table.CopySql, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(scope.ProjectId, NpgsqlDbType.Uuid, cancellationToken);
            for (var index = 0; index < row.Length; index++)
            {
                await WriteAsync(importer, row[index], table.Columns[index + 1].Type, cancellationToken);
            }

            await importer.WriteAsync(scope.SyncId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(syncedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(
        NpgsqlBinaryImporter importer,
        object? value,
        NpgsqlDbType type,
        CancellationToken cancellationToken) => value switch
        {
            null => importer.WriteNullAsync(cancellationToken),
            DateTimeOffset timestamp => importer.WriteAsync(timestamp.ToUniversalTime(), type, cancellationToken),
            _ => importer.WriteAsync(value, type, cancellationToken),
        };
}
