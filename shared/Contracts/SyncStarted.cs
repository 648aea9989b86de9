namespace Connectors.Contracts;

/// <summary>A worker took a <see cref="SyncRequested"/> and began reading from the platform.</summary>
public sealed record SyncStarted
{
    /// <summary>The sync run.</summary>
    public required string SyncId { get; init; }

    /// <summary>The project that owns the connector.</summary>
    public required Guid ProjectId { get; init; }

    /// <summary>The connector type.</summary>
    public required string Type { get; init; }

    /// <summary>When the worker started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>
    /// Which attempt this is. A worker taking over from one that stopped answering counts a new attempt for the
    /// same request.
    /// </summary>
    public int Attempt { get; init; } = 1;
}
