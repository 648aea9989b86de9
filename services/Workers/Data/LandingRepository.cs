using System.Data;
using Connectors.Workers.Sync;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Connectors.Workers.Data;

/// <summary>Rows inserted and updated by one landed batch.</summary>
public readonly record struct LandingCount(long Inserted, long Updated);

/// <summary>Lands records into the <c>data</c> schema.</summary>
public interface ILandingRepository
{
    /// <summary>
    /// Starts landing one stream of one sync. The session keeps one connection, with the stream's stage table
    /// created on it once, for all the batches it lands.
    /// </summary>
    ILandingSession Open(SyncScope scope, SyncStream stream);
}

/// <summary>Batches of one stream landed on one connection; dispose it when the stream is done.</summary>
public interface ILandingSession : IAsyncDisposable
{
    /// <summary>
    /// In one transaction: stages <paramref name="rows"/> (key then value columns, as <see cref="LandingTable"/>
    /// lists them) with binary COPY, upserts them, changing only rows whose values differ, and saves
    /// <paramref name="cursor"/> when given. A key present more than once lands its last row and counts once.
    /// </summary>
    Task<LandingCount> LandAsync(IReadOnlyList<object?[]> rows, object? cursor, CancellationToken cancellationToken);
}

public sealed class LandingRepository(NpgsqlDataSource dataSource, IStreamCursors cursors) : ILandingRepository
{
    public ILandingSession Open(SyncScope scope, SyncStream stream) =>
        new LandingSession(dataSource, cursors, scope, stream);

    private sealed class LandingSession(
        NpgsqlDataSource dataSource,
        IStreamCursors cursors,
        SyncScope scope,
        SyncStream stream) : ILandingSession
    {
        private NpgsqlConnection? _connection;
        private bool _staged;

        public async Task<LandingCount> LandAsync(
            IReadOnlyList<object?[]> rows,
            object? cursor,
            CancellationToken cancellationToken)
        {
            var connection = await ConnectionAsync(cancellationToken);
            if (rows.Count > 0 && !_staged)
            {
                // ON COMMIT DELETE ROWS empties the stage at the end of every batch's transaction, committed or not.
                await connection.ExecuteAsync(new CommandDefinition(
                    stream.Table.CreateStageSql, cancellationToken: cancellationToken));
                _staged = true;
            }

            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var count = rows.Count == 0
                    ? new LandingCount(0, 0)
                    : await UpsertAsync(connection, transaction, rows, cancellationToken);
                if (cursor is not null)
                {
                    await cursors.SaveAsync(connection, transaction, scope, stream, cursor, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return count;
            }
            catch
            {
                // Rows of a rolled-back COPY stay in the stage as dead tuples whose space a later COPY may reuse,
                // which would break the ctid order the upsert relies on: the next batch gets a new stage.
                _staged = false;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null)
            {
                // Returning the connection to the pool resets its session, which drops the stage table.
                await _connection.DisposeAsync();
            }
        }

        // A connection the server dropped between two batches (a restart) is replaced, with a new stage table.
        private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
        {
            if (_connection is { State: ConnectionState.Open })
            {
                return _connection;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = null;
            _staged = false;
            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return _connection;
        }

        private async Task<LandingCount> UpsertAsync(
            NpgsqlConnection connection,
            NpgsqlTransaction transaction,
            IReadOnlyList<object?[]> rows,
            CancellationToken cancellationToken)
        {
            await CopyAsync(connection, rows, cancellationToken);
            var written = await connection.QuerySingleAsync<(long Inserted, long Updated)>(new CommandDefinition(
                stream.Table.UpsertSql, transaction: transaction, cancellationToken: cancellationToken));
            return new LandingCount(written.Inserted, written.Updated);
        }

        private async Task CopyAsync(
            NpgsqlConnection connection,
            IReadOnlyList<object?[]> rows,
            CancellationToken cancellationToken)
        {
            var table = stream.Table;
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
}
