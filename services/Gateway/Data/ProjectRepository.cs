using Dapper;
using Npgsql;

namespace Connectors.Gateway.Data;

internal sealed class ProjectRepository(NpgsqlDataSource dataSource) : IProjectRepository
{
    private const string Create = "INSERT INTO gateway.projects (id, name) VALUES (@Id, @Name)";

    private const string Exists = "SELECT EXISTS (SELECT 1 FROM gateway.projects WHERE id = @Id)";

    private const string AddKey = """
        INSERT INTO gateway.api_keys (id, project_id, prefix, key_hash)
        VALUES (@Id, @ProjectId, @Prefix, @KeyHash)
        """;

    private const string FindByHash = """
        SELECT project_id FROM gateway.api_keys WHERE key_hash = @KeyHash AND revoked_at IS NULL
        """;

    private const string Revoke = """
        UPDATE gateway.api_keys SET revoked_at = now() WHERE prefix = @Prefix AND revoked_at IS NULL
        """;

    public async Task CreateAsync(Guid projectId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(Create, new { Id = projectId, Name = name }, cancellationToken));
    }

    public async Task<bool> ExistsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(Command(Exists, new { Id = projectId }, cancellationToken));
    }

    public async Task AddApiKeyAsync(
        Guid projectId,
        Guid keyId,
        string prefix,
        byte[] keyHash,
        CancellationToken cancellationToken)
    {
        var row = new { Id = keyId, ProjectId = projectId, Prefix = prefix, KeyHash = keyHash };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(AddKey, row, cancellationToken));
    }

    public async Task<Guid?> FindProjectByKeyHashAsync(byte[] keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(
            Command(FindByHash, new { KeyHash = keyHash }, cancellationToken));
    }

    public async Task<int> RevokeApiKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(Command(Revoke, new { Prefix = prefix }, cancellationToken));
    }

    private static CommandDefinition Command(string sql, object parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, cancellationToken: cancellationToken);
}
