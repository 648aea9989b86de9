using Dapper;
using Npgsql;

namespace Connectors.SyncOrchestrator.Data;

/// <summary>One attempt's end, ready to store.</summary>
internal sealed record AttemptEnd(
    string SyncId,
    string Type,
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Outcome,
    string? ErrorClass,
    string? ErrorMessage,
    DateTimeOffset? RetryAt);

/// <summary>A request for another attempt that is due, with what the request needs.</summary>
internal sealed record DueAttempt(
    string SyncId,
    Guid ProjectId,
    string Type,
    string Trigger,
    DateTime RequestedAt,
    int Attempt,
    int AttemptsWithoutProgress);

/// <summary>
/// The attempts of connectors' runs (<c>sync.sync_attempts</c>) and the retry bookkeeping on
/// <c>sync.sync_run_connectors</c>. Every method runs inside the caller's transaction.
/// </summary>
internal sealed class SyncAttemptRepository
{
    public const string InterruptedMessage =
        "The worker running this attempt stopped renewing its lease; another worker took the sync over.";

    // A start ends every earlier attempt still open: those workers stopped without a word.
    private const string Started = """
        UPDATE sync.sync_attempts SET ended_at = @At, outcome = 'interrupted', error_class = 'transient',
            error_message = @Interrupted
        WHERE sync_id = @SyncId AND type = @Type AND attempt < @Attempt AND ended_at IS NULL;
        INSERT INTO sync.sync_attempts (sync_id, type, attempt, started_at) VALUES (@SyncId, @Type, @Attempt, @At)
        ON CONFLICT (sync_id, type, attempt) DO NOTHING;
        """;

    public static Task RecordStartedAsync(
        NpgsqlTransaction transaction,
        string syncId,
        string type,
        int attempt,
        DateTimeOffset at,
        CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(Started, new
        {
            SyncId = syncId,
            Type = type,
            Attempt = attempt,
            At = at.UtcDateTime,
            Interrupted = InterruptedMessage,
        }, transaction, cancellationToken: cancellationToken));

    private const string Ended = """
        INSERT INTO sync.sync_attempts AS a
            (sync_id, type, attempt, started_at, ended_at, outcome, error_class, error_message, retry_at)
        VALUES (@SyncId, @Type, @Attempt, @StartedAt, @EndedAt, @Outcome, @ErrorClass, @ErrorMessage, @RetryAt)
        ON CONFLICT (sync_id, type, attempt) DO UPDATE
        SET ended_at = excluded.ended_at, outcome = excluded.outcome, error_class = excluded.error_class,
            error_message = excluded.error_message, retry_at = excluded.retry_at,
            started_at = coalesce(a.started_at, excluded.started_at)
        WHERE a.ended_at IS NULL;
        """;

    public static Task RecordEndedAsync(
        NpgsqlTransaction transaction,
        AttemptEnd end,
        CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(Ended, new
        {
            end.SyncId,
            end.Type,
            end.Attempt,
            StartedAt = end.StartedAt.UtcDateTime,
            EndedAt = end.EndedAt.UtcDateTime,
            end.Outcome,
            end.ErrorClass,
            end.ErrorMessage,
            RetryAt = end.RetryAt?.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));

    // Only an active connector waits for another attempt; one that ended (or was cancelled) stays ended.
    private const string Deferred = """
        UPDATE sync.sync_run_connectors c
        SET state = 'queued', attempt = @Attempt, attempts_without_progress = @AttemptsWithoutProgress,
            next_attempt_at = @RetryAt, waiting_reason = @Reason, error_class = @ErrorClass,
            error_message = @ErrorMessage, current_stream = NULL
        FROM sync.sync_runs r
        WHERE r.id = c.sync_id AND r.project_id = @ProjectId AND c.sync_id = @SyncId AND c.type = @Type
          AND c.state IN ('queued', 'running') AND c.attempt <= @Attempt
        """;

    public static async Task<bool> DeferAsync(
        NpgsqlTransaction transaction,
        Guid projectId,
        AttemptEnd end,
        int attemptsWithoutProgress,
        string reason,
        CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(Deferred, new
        {
            end.SyncId,
            ProjectId = projectId,
            end.Type,
            end.Attempt,
            AttemptsWithoutProgress = attemptsWithoutProgress,
            RetryAt = end.RetryAt?.UtcDateTime,
            Reason = reason,
            end.ErrorClass,
            end.ErrorMessage,
        }, transaction, cancellationToken: cancellationToken)) == 1;

    // Claimed under SKIP LOCKED, so several orchestrator instances share the work without requesting one twice.
    private const string ClaimDue = """
        UPDATE sync.sync_run_connectors c
        SET next_attempt_at = NULL, waiting_reason = NULL, attempt = c.attempt + 1
        FROM (
            SELECT c2.sync_id, c2.type FROM sync.sync_run_connectors c2
            WHERE c2.next_attempt_at <= @Now AND c2.state = 'queued'
            ORDER BY c2.next_attempt_at LIMIT @Limit FOR UPDATE SKIP LOCKED) due,
            sync.sync_runs r
        WHERE c.sync_id = due.sync_id AND c.type = due.type AND r.id = c.sync_id
        RETURNING c.sync_id AS SyncId, r.project_id AS ProjectId, c.type AS Type, r.trigger AS Trigger,
            r.requested_at AS RequestedAt, c.attempt AS Attempt,
            c.attempts_without_progress AS AttemptsWithoutProgress
        """;

    public static async Task<IReadOnlyList<DueAttempt>> ClaimDueAsync(
        NpgsqlTransaction transaction,
        DateTimeOffset now,
        int limit,
        CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<DueAttempt>(new CommandDefinition(
            ClaimDue,
            new { Now = now.UtcDateTime, Limit = limit },
            transaction,
            cancellationToken: cancellationToken))];

    private const string CancelActive = """
        UPDATE sync.sync_attempts a SET ended_at = @At, outcome = 'cancelled', error_class = 'configuration',
            error_message = @Reason
        FROM sync.sync_runs r
        WHERE r.id = a.sync_id AND r.project_id = @ProjectId AND a.type = @Type AND a.ended_at IS NULL;
        UPDATE sync.sync_run_connectors c
        SET state = 'cancelled', finished_at = @At, next_attempt_at = NULL, waiting_reason = NULL,
            current_stream = NULL, error_class = 'configuration', error_message = @Reason
        FROM sync.sync_runs r
        WHERE r.id = c.sync_id AND r.project_id = @ProjectId AND c.type = @Type AND c.state IN ('queued', 'running')
        """;

    /// <summary>Cancels the connector's queued or running part of any run; answers how many it cancelled.</summary>
    public static Task<int> CancelActiveAsync(
        NpgsqlTransaction transaction,
        Guid projectId,
        string type,
        DateTimeOffset at,
        string reason,
        CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(CancelActive, new
        {
            ProjectId = projectId,
            Type = type,
            At = at.UtcDateTime,
            Reason = reason,
        }, transaction, cancellationToken: cancellationToken));

    private const string ListAttempts = """
        SELECT sync_id AS SyncId, type AS Type, attempt AS Attempt, started_at AS StartedAt, ended_at AS EndedAt,
            outcome AS Outcome, error_class AS ErrorClass, error_message AS ErrorMessage, retry_at AS RetryAt
        FROM sync.sync_attempts WHERE sync_id = ANY(@SyncIds) ORDER BY sync_id, type, attempt
        """;

    public static async Task<IReadOnlyList<AttemptRow>> ListAsync(
        NpgsqlConnection connection,
        IReadOnlyCollection<string> syncIds,
        CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            ListAttempts, new { SyncIds = syncIds.ToArray() }, cancellationToken: cancellationToken))];

    internal sealed record AttemptRow
    {
        public required string SyncId { get; init; }
        public required string Type { get; init; }
        public required int Attempt { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? EndedAt { get; init; }
        public string? Outcome { get; init; }
        public string? ErrorClass { get; init; }
        public string? ErrorMessage { get; init; }
        public DateTime? RetryAt { get; init; }
    }
}
