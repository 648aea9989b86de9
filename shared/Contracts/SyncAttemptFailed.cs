namespace Connectors.Contracts;

/// <summary>
/// One attempt at a connector's sync failed in a way that another attempt can get past (the platform unavailable, a
/// quota that resets): the orchestrator requests attempt <see cref="Attempt"/> + 1 at <see cref="RetryAt"/>. No
/// <see cref="SyncCompleted"/> follows until an attempt ends the sync; rows landed so far are kept, and the next
/// attempt resumes from the stored cursors.
/// </summary>
public sealed record SyncAttemptFailed
{
    /// <summary>The sync run.</summary>
    public required string SyncId { get; init; }

    /// <summary>The project that owns the connector.</summary>
    public required Guid ProjectId { get; init; }

    /// <summary>The connector type.</summary>
    public required string Type { get; init; }

    /// <summary>What started the run, carried over to the next attempt.</summary>
    public required SyncTrigger Trigger { get; init; }

    /// <summary>When the run was requested, carried over to the next attempt.</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The attempt that failed.</summary>
    public required int Attempt { get; init; }

    /// <summary>Attempts in a row, this one included, that failed without progress.</summary>
    public required int AttemptsWithoutProgress { get; init; }

    /// <summary>Why it failed.</summary>
    public required SyncError Error { get; init; }

    /// <summary>When the attempt began.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it failed.</summary>
    public required DateTimeOffset FailedAt { get; init; }

    /// <summary>When the next attempt should start: after a backoff, or when the platform's quota resets.</summary>
    public required DateTimeOffset RetryAt { get; init; }
}
