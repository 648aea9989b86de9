using Connectors.Contracts;
using Connectors.Messaging;
using Dapper;
using Npgsql;

namespace Connectors.Workers.Data;

/// <summary>
/// Records that a sync request was handled, publishes what came of it through the outbox and gives up the
/// connector's lease, in one transaction: a redelivered request is recognised and neither runs nor reports twice.
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

    /// <summary>
    /// Ends the request with its <see cref="SyncCompleted"/>, or with a <see cref="SyncAttemptFailed"/> that asks
    /// for another attempt. False when another delivery of the same request ended it first; nothing is published.
    /// </summary>
    public async Task<bool> EndAsync<T>(Guid messageId, T ending, SyncLease lease, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SyncLeases.ReleaseAsync(connection, transaction, lease, cancellationToken);
        if (!await inbox.TryRecordAsync(connection, transaction, ConsumerName, messageId, cancellationToken))
        {
            await transaction.CommitAsync(cancellationToken);
            return false;
        }

        await outbox.AddAsync(connection, transaction, ending, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
