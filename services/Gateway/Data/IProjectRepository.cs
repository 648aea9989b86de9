namespace Connectors.Gateway.Data;

/// <summary>Projects and their API keys (<c>gateway.projects</c>, <c>gateway.api_keys</c>).</summary>
public interface IProjectRepository
{
    Task CreateAsync(Guid projectId, string name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Guid projectId, CancellationToken cancellationToken);

    Task AddApiKeyAsync(Guid projectId, Guid keyId, string prefix, byte[] keyHash, CancellationToken cancellationToken);

    /// <summary>The project of a key that is not revoked, found by the key's SHA-256 hash.</summary>
    Task<Guid?> FindProjectByKeyHashAsync(byte[] keyHash, CancellationToken cancellationToken);

    /// <summary>Revokes the live keys that start with <paramref name="prefix"/>; returns how many.</summary>
    Task<int> RevokeApiKeysAsync(string prefix, CancellationToken cancellationToken);
}
