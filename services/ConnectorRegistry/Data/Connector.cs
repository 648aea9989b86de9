namespace Connectors.ConnectorRegistry.Data;

/// <summary>One row of <c>registry.connectors</c>: a platform connected (or being connected) to a project.</summary>
public sealed record Connector(
    Guid ProjectId,
    string Type,
    string Status,
    string? StatusReason,
    string? AccountName,
    string? AccountId,
    DateTime? ConnectedAt,
    DateTime? LastSyncAt);

/// <summary>A change of state reported by another service (the OAuth service, mostly).</summary>
public sealed record ConnectorStateChange(
    string Status,
    string? StatusReason,
    string? AccountName,
    string? AccountId);
