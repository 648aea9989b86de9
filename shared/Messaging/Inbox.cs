using Dapper;
using Npgsql;

namespace Connectors.Messaging;

/// <summary>
/// Remembers which messages a consumer has handled, inside the transaction of the consumer's own change, so a
/// redelivered message changes nothing the second time.
/// </summary>
public sealed class Inbox(OutboxOptions options)
{
    private const string Record = """
        INSERT INTO {0}.inbox (consumer, message_id) VALUES (@Consumer, @MessageId)
        ON CONFLICT DO NOTHING
        """;

    private readonly string _record = string.Format(Record, options.Schema);

    /// <summary>True the first time <paramref name="messageId"/> is seen by <paramref name="consumer"/>.</summary>
    public async Task<bool> TryRecordAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string consumer,
        Guid messageId,
        CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            _record,
            new { Consumer = consumer, MessageId = messageId },
            transaction,
            cancellationToken: cancellationToken));
        return inserted == 1;
    }
}
