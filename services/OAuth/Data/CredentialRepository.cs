using System.Data;
using Dapper;
using Npgsql;

namespace Connectors.OAuth.Data;

/// <summary>One stored credential as it sits in <c>oauth.credentials</c>: secrets sealed, metadata as JSON.</summary>
public sealed record CredentialRow(
    Guid ProjectId,
    string Type,
    string KeyId,
    byte[] Nonce,
    byte[] Ciphertext,
    string? AccountId,
    string Metadata,
    DateTime? AccessExpiresAt,
    DateTime? RefreshExpiresAt,
    string GrantStatus,
    string? GrantStatusReason,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>New sealed tokens for a credential after a refresh.</summary>
public sealed record TokenUpdate(
    string KeyId,
    byte[] Nonce,
    byte[] Ciphertext,
    DateTime? AccessExpiresAt,
    DateTime? RefreshExpiresAt,
    DateTime UpdatedAt);

/// <summary>
/// A credential read inside a transaction that holds its per-connection lock. Changes are committed only when the
/// work given to <see cref="ICredentialRepository.WithLockAsync{T}"/> returns; an exception rolls them back.
/// </summary>
public interface ILockedCredential
{
    /// <summary>The row as it is now, re-read after the lock was taken (null: nothing stored).</summary>
    CredentialRow? Current { get; }

    Task SaveTokensAsync(TokenUpdate update, CancellationToken cancellationToken);

    Task MarkReauthRequiredAsync(string reason, DateTime at, CancellationToken cancellationToken);
}

public interface ICredentialRepository
{
    Task<CredentialRow?> FindAsync(Guid projectId, string type, CancellationToken cancellationToken);

    /// <summary>Stores a credential, replacing any earlier one of its project and type (status too).</summary>
    Task UpsertAsync(CredentialRow row, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding a PostgreSQL advisory lock for the project and type,
    /// so one instance at a time (across every instance of the service) changes the credential's tokens.
    /// </summary>
    Task<T> WithLockAsync<T>(
        Guid projectId,
        string type,
        Func<ILockedCredential, Task<T>> work,
        CancellationToken cancellationToken);
}

public sealed class CredentialRepository(NpgsqlDataSource dataSource) : ICredentialRepository
{
    private const string Select = """
        SELECT project_id AS ProjectId, type AS Type, key_id AS KeyId, nonce AS Nonce, ciphertext AS Ciphertext,
               account_id AS AccountId, metadata::text AS Metadata, access_expires_at AS AccessExpiresAt,
               refresh_expires_at AS RefreshExpiresAt, grant_status AS GrantStatus,
               grant_status_reason AS GrantStatusReason, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM oauth.credentials
        WHERE project_id = @ProjectId AND type = @Type
        """;

    private const string Upsert = """
        INSERT INTO oauth.credentials
            (project_id, type, key_id, nonce, ciphertext, account_id, metadata, access_expires_at,
             refresh_expires_at, grant_status, grant_status_reason, created_at, updated_at)
        VALUES (@ProjectId, @Type, @KeyId, @Nonce, @Ciphertext, @AccountId, @Metadata::jsonb, @AccessExpiresAt,
                @RefreshExpiresAt, @GrantStatus, @GrantStatusReason, @CreatedAt, @UpdatedAt)
        ON CONFLICT (project_id, type) DO UPDATE SET
            key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext,
            account_id = excluded.account_id, metadata = excluded.metadata,
            access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at,
            grant_status = excluded.grant_status, grant_status_reason = excluded.grant_status_reason,
            updated_at = excluded.updated_at
        """;

    private const string Delete = "DELETE FROM oauth.credentials WHERE project_id = @ProjectId AND type = @Type";

    public async Task<CredentialRow?> FindAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CredentialRow>(
            new CommandDefinition(Select, Key(projectId, type), cancellationToken: cancellationToken));
    }

    public async Task UpsertAsync(CredentialRow row, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Upsert, row, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(
            new CommandDefinition(Delete, Key(projectId, type), cancellationToken: cancellationToken));
        return deleted > 0;
    }

    public async Task<T> WithLockAsync<T>(
        Guid projectId,
        string type,
        Func<ILockedCredential, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = await LockedCredential.OpenAsync(connection, transaction, projectId, type, cancellationToken);
        var result = await work(locked);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static object Key(Guid projectId, string type) => new { ProjectId = projectId, Type = type };

    private sealed class LockedCredential(
        IDbConnection connection,
        IDbTransaction transaction,
        Guid projectId,
        string type) : ILockedCredential
    {
        private const string Lock = "SELECT pg_advisory_xact_lock(hashtext(@ProjectId::text || ':' || @Type))";

        private const string UpdateTokens = """
            UPDATE oauth.credentials
            SET key_id = @KeyId, nonce = @Nonce, ciphertext = @Ciphertext, access_expires_at = @AccessExpiresAt,
                refresh_expires_at = @RefreshExpiresAt, updated_at = @UpdatedAt
            WHERE project_id = @ProjectId AND type = @Type
            """;

        private const string MarkReauth = """
            UPDATE oauth.credentials
            SET grant_status = 'reauth_required', grant_status_reason = @Reason, updated_at = @At
            WHERE project_id = @ProjectId AND type = @Type
            """;

        public CredentialRow? Current { get; private set; }

        public static async Task<LockedCredential> OpenAsync(
            IDbConnection connection,
            IDbTransaction transaction,
            Guid projectId,
            string type,
            CancellationToken cancellationToken)
        {
            var locked = new LockedCredential(connection, transaction, projectId, type);
            var key = new { ProjectId = projectId, Type = type };
            await connection.ExecuteAsync(
                new CommandDefinition(Lock, key, transaction, cancellationToken: cancellationToken));
            locked.Current = await connection.QuerySingleOrDefaultAsync<CredentialRow>(
                new CommandDefinition(Select, key, transaction, cancellationToken: cancellationToken));
            return locked;
        }

        public Task SaveTokensAsync(TokenUpdate update, CancellationToken cancellationToken) =>
            connection.ExecuteAsync(new CommandDefinition(UpdateTokens, new
            {
                ProjectId = projectId,
                Type = type,
                update.KeyId,
                update.Nonce,
                update.Ciphertext,
                update.AccessExpiresAt,
                update.RefreshExpiresAt,
                update.UpdatedAt,
            }, transaction, cancellationToken: cancellationToken));

        public Task MarkReauthRequiredAsync(string reason, DateTime at, CancellationToken cancellationToken) =>
            connection.ExecuteAsync(new CommandDefinition(
                MarkReauth,
                new { ProjectId = projectId, Type = type, Reason = reason, At = at },
                transaction,
                cancellationToken: cancellationToken));
    }
}
