using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using Npgsql;

namespace Connectors.SyncOrchestrator.Data;

/// <summary>
/// Sync runs and their connectors (<c>sync.sync_runs</c>, <c>sync.sync_run_connectors</c>). Methods taking a
/// transaction run inside the caller's, so the change commits with the outbox or inbox row that goes with it.
/// </summary>
internal interface ISyncRunRepository
{
    /// <summary>Serializes the starts of one project's runs until the transaction ends.</summary>
    Task LockProjectAsync(NpgsqlTransaction transaction, Guid projectId, CancellationToken cancellationToken);

    /// <summary>Serializes the starts of several projects' runs until the transaction ends.</summary>
    Task LockProjectsAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken);

    /// <summary>The connectors of <paramref name="projectIds"/> with a queued or running run.</summary>
    Task<IReadOnlyList<ActiveProjectConnector>> ListActiveAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken);

    /// <summary>Inserts <paramref name="runs"/> and their queued connectors in two statements.</summary>
    Task InsertManyAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<NewSyncRun> runs, CancellationToken cancellationToken);

    Task<StartedRun?> FindByIdempotencyKeyAsync(
        NpgsqlTransaction? transaction, Guid projectId, string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ActiveConnector>> ListActiveAsync(
        NpgsqlTransaction transaction, Guid projectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetTypesAsync(
        NpgsqlTransaction transaction, string syncId, CancellationToken cancellationToken);

    Task InsertAsync(NpgsqlTransaction transaction, NewSyncRun run, CancellationToken cancellationToken);

    /// <summary>Moves a queued connector to running; false when it is unknown or no longer queued.</summary>
    Task<bool> MarkRunningAsync(
        NpgsqlTransaction transaction, SyncStarted started, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a running connector's current stream and records so far (a queued one becomes running); false when it
    /// is unknown, finished, or a report made later is already stored.
    /// </summary>
    Task<bool> RecordProgressAsync(
        NpgsqlTransaction transaction, ConnectorProgress progress, CancellationToken cancellationToken);

    /// <summary>Stores how a connector ended; false when it is unknown or had already ended.</summary>
    Task<bool> MarkFinishedAsync(
        NpgsqlTransaction transaction, ConnectorOutcome outcome, CancellationToken cancellationToken);

    Task<SyncRunView?> GetAsync(Guid projectId, string syncId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SyncRunView>> ListRecentAsync(Guid projectId, int limit, CancellationToken cancellationToken);
}
