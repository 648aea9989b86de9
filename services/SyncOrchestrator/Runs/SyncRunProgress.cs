using System.Text.Json;
using Connectors.Contracts;
using Connectors.Messaging;
using Connectors.SyncOrchestrator.Data;
using Npgsql;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>
/// Records what workers report about a run. Each change commits together with the message's inbox row, so a
/// redelivered message changes nothing.
/// </summary>
internal sealed class SyncRunProgress(
    NpgsqlDataSource dataSource,
    ISyncRunRepository runs,
    Inbox inbox,
    ILogger<SyncRunProgress> logger)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public Task RecordStartedAsync(
        string consumer,
        Guid messageId,
        SyncStarted started,
        CancellationToken cancellationToken) =>
        OnceAsync(consumer, messageId, async transaction =>
        {
            var moved = await runs.MarkRunningAsync(transaction, started, cancellationToken);
            LogChange(moved, started.SyncId, started.Type, ConnectorStates.Running);
        }, cancellationToken);

    public Task RecordProgressAsync(
        string consumer,
        Guid messageId,
        SyncProgressed progressed,
        CancellationToken cancellationToken) =>
        OnceAsync(consumer, messageId, async transaction =>
        {
            var report = new ConnectorProgress(
                progressed.SyncId,
                progressed.ProjectId,
                progressed.Type,
                progressed.Stream,
                JsonSerializer.Serialize(progressed.Records, _json),
                progressed.At);
            var stored = await runs.RecordProgressAsync(transaction, report, cancellationToken);
            LogProgress(stored, progressed);
        }, cancellationToken);

    public Task RecordCompletedAsync(
        string consumer,
        Guid messageId,
        SyncCompleted completed,
        CancellationToken cancellationToken) =>
        OnceAsync(consumer, messageId, async transaction =>
        {
            var outcome = Outcome(completed);
            var moved = await runs.MarkFinishedAsync(transaction, outcome, cancellationToken);
            LogChange(moved, completed.SyncId, completed.Type, outcome.State);
        }, cancellationToken);

    private async Task OnceAsync(
        string consumer,
        Guid messageId,
        Func<NpgsqlTransaction, Task> change,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await inbox.TryRecordAsync(connection, transaction, consumer, messageId, cancellationToken))
        {
            await change(transaction);
        }
        else
        {
            Log.DuplicateMessage(logger, consumer, messageId);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static ConnectorOutcome Outcome(SyncCompleted completed) => new(
        completed.SyncId,
        completed.ProjectId,
        completed.Type,
        ConnectorStates.Of(completed.Status),
        JsonSerializer.Serialize(completed.Streams, _json),
        completed.Error is { } error ? ConnectorStates.Of(error.Class) : null,
        completed.Error?.Message,
        completed.StartedAt,
        completed.CompletedAt);

    private void LogProgress(bool stored, SyncProgressed progressed)
    {
        if (stored)
        {
            Log.ConnectorProgressed(
                logger, progressed.SyncId, progressed.Type, progressed.Stream, progressed.Records.Values.Sum());
        }
        else
        {
            Log.ConnectorProgressIgnored(logger, progressed.SyncId, progressed.Type);
        }
    }

    private void LogChange(bool moved, string syncId, string type, string state)
    {
        if (moved)
        {
            Log.ConnectorStateChanged(logger, syncId, type, state);
        }
        else
        {
            Log.ConnectorStateKept(logger, syncId, type, state);
        }
    }
}
