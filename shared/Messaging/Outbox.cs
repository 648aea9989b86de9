using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Connectors.Messaging;

/// <summary>
/// Writes events into the service's outbox table inside the caller's transaction, so an event is published if and
/// only if the change it reports is committed. <see cref="OutboxRelay"/> publishes the rows to RabbitMQ.
/// </summary>
public sealed class Outbox(OutboxOptions options)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Insert = """
        INSERT INTO {0}.outbox (message_id, message_type, body, trace_parent)
        VALUES (@MessageId, @MessageType, @Body::jsonb, @TraceParent);
        SELECT pg_notify('{0}_outbox', '');
        """;

    private readonly string _insert = string.Format(Insert, options.Schema);

    public async Task AddAsync<T>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        T message,
        CancellationToken cancellationToken)
        where T : class
    {
        var row = new
        {
            MessageId = NewId(),
            MessageType = typeof(T).FullName,
            Body = JsonSerializer.Serialize(message, Json),
            TraceParent = Activity.Current?.Id,
        };
        await connection.ExecuteAsync(
            new CommandDefinition(_insert, row, transaction, cancellationToken: cancellationToken));
    }

    private const string InsertMany = """
        INSERT INTO {0}.outbox (message_id, message_type, body, trace_parent)
        SELECT message_id, @MessageType, body, @TraceParent
        FROM unnest(@MessageIds::uuid[], @Bodies::jsonb[]) AS message (message_id, body);
        SELECT pg_notify('{0}_outbox', '');
        """;

    private readonly string _insertMany = string.Format(InsertMany, options.Schema);

    /// <summary>
    /// Adds <paramref name="messages"/> in one statement: a batch costs one round trip, not one each.
    /// </summary>
    public async Task AddRangeAsync<T>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyCollection<T> messages,
        CancellationToken cancellationToken)
        where T : class
    {
        if (messages.Count == 0)
        {
            return;
        }

        var rows = new
        {
            MessageType = typeof(T).FullName,
            TraceParent = Activity.Current?.Id,
            MessageIds = messages.Select(_ => NewId()).ToArray(),
            Bodies = messages.Select(message => JsonSerializer.Serialize(message, Json)).ToArray(),
        };
        await connection.ExecuteAsync(
            new CommandDefinition(_insertMany, rows, transaction, cancellationToken: cancellationToken));
    }

    private static Guid NewId() => Guid.CreateVersion7();
}

/// <summary>Which schema holds the service's <c>outbox</c> and <c>inbox</c> tables.</summary>
public sealed record OutboxOptions(string Schema);
