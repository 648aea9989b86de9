using System.Text.Json;
using Connectors.Workers.Sync;
using Dapper;
using Npgsql;

namespace Connectors.Workers.Data;

/// <summary>Where each stream of each connector stopped reading: <c>data.stream_cursors</c>.</summary>
public interface IStreamCursors
{
    /// <summary>The stream's cursor, or null before its first successful page.</summary>
    Task<T?> GetAsync<T>(SyncScope scope, SyncStream stream, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Saves the cursor inside the transaction that lands the page it describes.</summary>
    Task SaveAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncScope scope,
        SyncStream stream,
        object cursor,
        CancellationToken cancellationToken);
}

public sealed class StreamCursorRepository(NpgsqlDataSource dataSource) : IStreamCursors
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Select = """
        SELECT cursor::text FROM data.stream_cursors
        WHERE project_id = @ProjectId AND type = @Type AND stream = @Stream
        """;

    private const string Upsert = """
        INSERT INTO data.stream_cursors (project_id, type, stream, cursor, updated_at)
        VALUES (@ProjectId, @Type, @Stream, @Cursor::jsonb, now())
        ON CONFLICT (project_id, type, stream) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()
        """;

    public async Task<T?> GetAsync<T>(SyncScope scope, SyncStream stream, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            Select, Key(scope, stream), cancellationToken: cancellationToken));
        return json is null ? null : JsonSerializer.Deserialize<T>(json, Json);
    }

    public Task SaveAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncScope scope,
        SyncStream stream,
        object cursor,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            Upsert,
            new
            {
                scope.ProjectId,
                scope.Type,
                Stream = stream.Name,
                Cursor = JsonSerializer.Serialize(cursor, cursor.GetType(), Json),
            },
            transaction,
            cancellationToken: cancellationToken));

    private static object Key(SyncScope scope, SyncStream stream) =>
        new { scope.ProjectId, scope.Type, Stream = stream.Name };
}
