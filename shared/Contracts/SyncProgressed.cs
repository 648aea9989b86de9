namespace Connectors.Contracts;

/// <summary>
/// A worker landed another page of one stream. Sent at most every few seconds per connector, so a user can watch
/// a long sync move; the final counts are in <see cref="SyncCompleted"/>.
/// </summary>
public sealed record SyncProgressed
{
    /// <summary>The sync run.</summary>
    public required string SyncId { get; init; }

    /// <summary>The project that owns the connector.</summary>
    public required Guid ProjectId { get; init; }

    /// <summary>The connector type.</summary>
    public required string Type { get; init; }

    /// <summary>The stream being read now.</summary>
    public required string Stream { get; init; }

    /// <summary>Records read so far in this sync, per stream, including finished streams.</summary>
    public required IReadOnlyDictionary<string, long> Records { get; init; }

    /// <summary>When the worker reported.</summary>
    public required DateTimeOffset At { get; init; }
}
