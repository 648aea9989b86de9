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
            if (moved)
            {
                await SyncAttemptRepository.RecordStartedAsync(
                    transaction, started.SyncId, started.Type, started.Attempt, started.StartedAt, cancellationToken);
            }

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
            if (moved)
            {
                await SyncAttemptRepository.RecordEndedAsync(transaction, new AttemptEnd(
                    completed.SyncId,
                    completed.Type,
                    completed.Attempt,
                    completed.StartedAt,
                    completed.CompletedAt,
                    outcome.State,
                    outcome.ErrorClass,
                    outcome.ErrorMessage,
                    null), cancellationToken);
            }

            LogChange(moved, completed.SyncId, completed.Type, outcome.State);
        }, cancellationToken);

    /// <summary>
    /// Keeps the connector queued until its next attempt, saying why and when; the <see cref="RetryScheduler"/>
    /// requests it then.
    /// </summary>
    public Task RecordAttemptFailedAsync(
        string consumer,
        Guid messageId,
        SyncAttemptFailed failed,
        CancellationToken cancellationToken) =>
        OnceAsync(consumer, messageId, async transaction =>
        {
            var end = new AttemptEnd(
                failed.SyncId,
                failed.Type,
                failed.Attempt,
                failed.StartedAt,
                failed.FailedAt,
                ConnectorStates.Failed,
                ConnectorStates.Of(failed.Error.Class),
                failed.Error.Message,
                failed.RetryAt);
            var deferred = await SyncAttemptRepository.DeferAsync(
                transaction, failed.ProjectId, end, failed.AttemptsWithoutProgress, WaitingReason(failed),
                cancellationToken);
            if (deferred)
            {
                await SyncAttemptRepository.RecordEndedAsync(transaction, end, cancellationToken);
            }

            LogChange(deferred, failed.SyncId, failed.Type, ConnectorStates.Queued);
        }, cancellationToken);

    /// <summary>Cancels whatever of the connector is still queued or running: its credentials are gone.</summary>
    public Task RecordDisconnectedAsync(
        string consumer,
        Guid messageId,
        ConnectorDisconnected disconnected,
        CancellationToken cancellationToken) =>
        OnceAsync(consumer, messageId, async transaction =>
        {
            var cancelled = await SyncAttemptRepository.CancelActiveAsync(
                transaction,
                disconnected.ProjectId,
                disconnected.Type,
                disconnected.DisconnectedAt,
                "The connector was disconnected; its sync was cancelled and rows landed before that are kept.",
                cancellationToken);
            Log.ConnectorCancelled(logger, disconnected.ProjectId, disconnected.Type, cancelled);
        }, cancellationToken);

    private static string WaitingReason(SyncAttemptFailed failed) => failed.Error.Class == FailureClass.Quota
        ? $"Paused: the {failed.Type} quota ran out; the sync resumes at {failed.RetryAt:yyyy-MM-dd HH:mm:ss} UTC, "
            + "from where it stopped."
        : $"Attempt {failed.Attempt} failed ({failed.Error.Message}); attempt {failed.Attempt + 1} starts at "
            + $"{failed.RetryAt:yyyy-MM-dd HH:mm:ss} UTC.";

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
