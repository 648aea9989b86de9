namespace Connectors.Contracts;

/// <summary>
/// A user disconnected a connector: its credentials are gone. A sync of it that is still queued or running is
/// cancelled, and its worker stops calling the platform.
/// </summary>
public sealed record ConnectorDisconnected
{
    /// <summary>The project that owned the connector.</summary>
    public required Guid ProjectId { get; init; }

    /// <summary>The connector type.</summary>
    public required string Type { get; init; }

    /// <summary>When it was disconnected.</summary>
    public required DateTimeOffset DisconnectedAt { get; init; }
}
