using Connectors.Contracts;
using Connectors.Messaging;
using Dapper;
using Npgsql;

namespace Connectors.Workers.Data;

/// <summary>
/// Records that a sync request was handled and publishes its <see cref="SyncCompleted"/> through the outbox, in
/// one transaction: a redelivered request is recognised and neither runs nor reports twice.
/// </summary>
public sealed class SyncLedger(NpgsqlDataSource dataSource, Inbox inbox, Outbox outbox)
{
    public const string ConsumerName = "workers.sync-requested";

    private const string Handled = """
        SELECT EXISTS (SELECT 1 FROM data.inbox WHERE consumer = @Consumer AND message_id = @MessageId)
        """;

    public async Task<bool> IsHandledAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            Handled, new { Consumer = ConsumerName, MessageId = messageId }, cancellationToken: cancellationToken));
    }

    /// <summary>False when another delivery of the same request completed first; nothing is published then.</summary>
    public async Task<bool> CompleteAsync(Guid messageId, SyncCompleted completed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await inbox.TryRecordAsync(connection, transaction, ConsumerName, messageId, cancellationToken))
        {
            return false;
        }

        await outbox.AddAsync(connection, transaction, completed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
