using Dapper;
using Npgsql;

namespace Connectors.OAuth.Data;

/// <summary>A started authorization, keyed by the hash of its state (the state itself is never stored).</summary>
public sealed record AuthorizationState(
    byte[] StateHash,
    Guid ProjectId,
    string Type,
    byte[]? CodeVerifierCiphertext,
    byte[] BrowserHash,
    DateTime CreatedAt,
    DateTime ExpiresAt);

public interface IAuthorizationStateRepository
{
    /// <summary>Stores a new state and drops the expired ones.</summary>
    Task AddAsync(AuthorizationState state, CancellationToken cancellationToken);

    /// <summary>Removes and returns a state in one statement, so that it can be used once only.</summary>
    Task<AuthorizationState?> TakeAsync(byte[] stateHash, CancellationToken cancellationToken);
}

public sealed class AuthorizationStateRepository(NpgsqlDataSource dataSource) : IAuthorizationStateRepository
{
    private const string Insert = """
        DELETE FROM oauth.authorization_states WHERE expires_at < @CreatedAt;
        INSERT INTO oauth.authorization_states
            (state_hash, project_id, type, code_verifier_ciphertext, browser_hash, created_at, expires_at)
        VALUES (@StateHash, @ProjectId, @Type, @CodeVerifierCiphertext, @BrowserHash, @CreatedAt, @ExpiresAt)
        """;

    private const string Take = """
        DELETE FROM oauth.authorization_states
        WHERE state_hash = @StateHash
        RETURNING state_hash AS StateHash, project_id AS ProjectId, type AS Type,
            code_verifier_ciphertext AS CodeVerifierCiphertext, browser_hash AS BrowserHash,
            created_at AS CreatedAt, expires_at AS ExpiresAt
        """;

    public async Task AddAsync(AuthorizationState state, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, state, cancellationToken: cancellationToken));
    }

    public async Task<AuthorizationState?> TakeAsync(byte[] stateHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AuthorizationState>(
            new CommandDefinition(Take, new { StateHash = stateHash }, cancellationToken: cancellationToken));
    }
}
