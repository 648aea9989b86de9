namespace Connectors.SyncOrchestrator.Registry;

/// <summary>Reads connectors from the connector registry, which owns them.</summary>
internal interface IRegistryClient
{
    /// <summary>
    /// The connected connectors of <paramref name="projectId"/>, or of every project when it is null. Throws
    /// <see cref="RegistryUnavailableException"/> when the registry does not answer properly.
    /// </summary>
    Task<IReadOnlyList<ConnectedConnector>> GetConnectedAsync(Guid? projectId, CancellationToken cancellationToken);
}

/// <summary>A connector the registry reports as connected.</summary>
internal sealed record ConnectedConnector(Guid ProjectId, string Type);
