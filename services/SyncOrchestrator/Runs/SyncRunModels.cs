using Connectors.Contracts;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>A run about to be inserted, with one queued connector per type.</summary>
internal sealed record NewSyncRun(
    string Id,
    Guid ProjectId,
    SyncTrigger Trigger,
    DateTimeOffset RequestedAt,
    string? IdempotencyKey,
    IReadOnlyList<string> Types);

/// <summary>
/// The run a start request resulted in; <see cref="Created"/> is false when an earlier run answers it.
/// </summary>
internal sealed record StartedRun(string SyncId, IReadOnlyList<string> Types, bool Created);

/// <summary>A connector of a project with a queued or running run.</summary>
internal sealed record ActiveConnector(string SyncId, string Type, DateTime RequestedAt);

/// <summary>A connector with a queued or running run, among several projects'.</summary>
internal sealed record ActiveProjectConnector(Guid ProjectId, string Type);

/// <summary>How one connector's part of a run ended, ready to store.</summary>
internal sealed record ConnectorOutcome(
    string SyncId,
    Guid ProjectId,
    string Type,
    string State,
    string Streams,
    string? ErrorClass,
    string? ErrorMessage,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);

/// <summary>What a worker reported while a connector runs, ready to store; <see cref="Records"/> is JSON.</summary>
internal sealed record ConnectorProgress(
    string SyncId,
    Guid ProjectId,
    string Type,
    string Stream,
    string Records,
    DateTimeOffset At);

/// <summary>
/// The optional body of <c>POST /api/sync/run</c>: the connectors to sync. Without a body (or without
/// <see cref="Connectors"/>) every connected connector syncs.
/// </summary>
internal sealed record SyncRunRequest(IReadOnlyList<string>? Connectors);
