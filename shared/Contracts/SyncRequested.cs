namespace Connectors.Contracts;

/// <summary>
/// Asks the worker of one platform to sync one connector of one project. Published to the direct exchange
/// <c>connectors.sync-requested</c> with the connector type as routing key, so only that platform's worker queue
/// receives it.
/// </summary>
public sealed record SyncRequested
{
    /// <summary>The sync run this request belongs to, as returned by <c>POST /api/sync/run</c>.</summary>
    public required string SyncId { get; init; }

    /// <summary>The project that owns the connector.</summary>
    public required Guid ProjectId { get; init; }

    /// <summary>The connector type, one of <see cref="ConnectorTypes.All"/>.</summary>
    public required string Type { get; init; }

    /// <summary>What started the run.</summary>
    public required SyncTrigger Trigger { get; init; }

    /// <summary>When the run was requested.</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>Which attempt at this connector's part of the run this is, from 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>
    /// How many attempts in a row before this one failed without making progress: the retry budget is spent by
    /// those only, so a long sync that keeps moving is never given up on.
    /// </summary>
    public int AttemptsWithoutProgress { get; init; }
}
