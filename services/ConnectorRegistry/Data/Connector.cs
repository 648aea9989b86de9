namespace Connectors.ConnectorRegistry.Data;

/// <summary>
/// One row of <c>registry.connectors</c>: a platform connected (or being connected) to a project.
/// <paramref name="TokenExpiresAt"/> is when its access ends unless the user connects again (Meta), when known.
/// </summary>
public sealed record Connector(
    Guid ProjectId,
    string Type,
    string Status,
    string? StatusReason,
    string? AccountName,
    string? AccountId,
    DateTime? ConnectedAt,
    DateTime? LastSyncAt,
    DateTime? TokenExpiresAt);

/// <summary>
/// A change of state reported by another service (the OAuth service, mostly). A connection sets
/// <paramref name="TokenExpiresAt"/> (null when the platform renews access by itself).
/// </summary>
public sealed record ConnectorStateChange(
    string Status,
    string? StatusReason,
    string? AccountName,
    string? AccountId,
    DateTimeOffset? TokenExpiresAt = null);

/// <summary>A connector whose access ends soon, claimed for today's warning.</summary>
public sealed record ExpiringConnector(Guid ProjectId, string Type, DateTime TokenExpiresAt);
