namespace Connectors.ConnectorRegistry.Data;

/// <summary>The connectors of every project, kept in <c>registry.connectors</c>.</summary>
public interface IConnectorRepository
{
    Task<IReadOnlyList<Connector>> ListAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>Connectors of one project, or of every project when <paramref name="projectId"/> is null.</summary>
    Task<IReadOnlyList<Connector>> ListByStatusAsync(
        Guid? projectId,
        string? status,
        CancellationToken cancellationToken);

    Task<Connector?> FindAsync(Guid projectId, string type, CancellationToken cancellationToken);

    /// <summary>Marks the connector pending; null when it is connected already (and left as it is).</summary>
    Task<Connector?> MarkPendingAsync(Guid projectId, string type, CancellationToken cancellationToken);

    /// <summary>Sets a state; <c>connected_at</c> becomes now when the connector becomes connected.</summary>
    Task<Connector> ApplyAsync(
        Guid projectId,
        string type,
        ConnectorStateChange change,
        CancellationToken cancellationToken);

    /// <summary>
    /// Removes the connector and, in the same transaction, publishes <c>ConnectorDisconnected</c> through the
    /// outbox so that its sync stops; false when there was none.
    /// </summary>
    Task<bool> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken);

    /// <summary>
    /// Records a new end of access for a connected connector (a platform extended its token); false when the
    /// connector is not connected (or gone).
    /// </summary>
    Task<bool> SetTokenExpiryAsync(
        Guid projectId,
        string type,
        DateTimeOffset? tokenExpiresAt,
        CancellationToken cancellationToken);

    /// <summary>
    /// The connected connectors whose access ends before <paramref name="until"/> and that were not warned about in
    /// the last day, marked warned at <paramref name="now"/>: across instances, each is warned about once a day.
    /// </summary>
    Task<IReadOnlyList<ExpiringConnector>> ClaimExpiryWarningsAsync(
        DateTime until,
        DateTime now,
        CancellationToken cancellationToken);

    /// <summary>Moves <c>last_sync_at</c> forward to <paramref name="completedAt"/>, never back.</summary>
    Task<bool> RecordSyncAsync(Guid projectId, string type, DateTime completedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the connector <c>reauth_required</c> unless it was connected again after the failed sync started.
    /// </summary>
    Task<bool> MarkReauthRequiredAsync(
        Guid projectId,
        string type,
        string reason,
        DateTime syncStartedAt,
        CancellationToken cancellationToken);
}
