using Dapper;
using Npgsql;

namespace Connectors.OAuth.Data;

/// <summary>Which credential sits under which encryption key.</summary>
public sealed record CredentialKeyRef(Guid ProjectId, string Type, string KeyId);

/// <summary>How many credentials one encryption key seals.</summary>
public sealed record KeyUsage(string KeyId, long Credentials);

/// <summary>Finds credentials sealed under old keys and re-seals them one short transaction at a time.</summary>
public interface ICredentialKeyRepository
{
    /// <summary>
    /// Up to <paramref name="limit"/> credentials sealed under one of <paramref name="keyIds"/>, in key order after
    /// <paramref name="after"/> (null: from the start).
    /// </summary>
    Task<IReadOnlyList<CredentialKeyRef>> ListUnderKeysAsync(
        IReadOnlyCollection<string> keyIds, CredentialKeyRef? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the row (skipping it when another transaction holds it), checks it is still under the key it was
    /// listed with, and stores what <paramref name="reseal"/> makes of it. False when the row was skipped.
    /// </summary>
    Task<bool> ResealAsync(
        CredentialKeyRef credential,
        Func<CredentialRow, SealedRow> reseal,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<KeyUsage>> CountByKeyAsync(CancellationToken cancellationToken);
}

/// <summary>The sealed secrets of a row under a new key.</summary>
public sealed record SealedRow(string KeyId, byte[] Nonce, byte[] Ciphertext);

public sealed class CredentialKeyRepository(NpgsqlDataSource dataSource) : ICredentialKeyRepository
{
    private const string ListUnderKeys = """
        SELECT project_id AS ProjectId, type AS Type, key_id AS KeyId
        FROM oauth.credentials
        WHERE key_id = ANY(@KeyIds) AND (project_id, type) > (@ProjectId, @Type)
        ORDER BY project_id, type
        LIMIT @Limit
        """;

    private const string LockRow = """
        SELECT project_id AS ProjectId, type AS Type, key_id AS KeyId, nonce AS Nonce, ciphertext AS Ciphertext,
               account_id AS AccountId, metadata::text AS Metadata, access_expires_at AS AccessExpiresAt,
               refresh_expires_at AS RefreshExpiresAt, grant_status AS GrantStatus,
               grant_status_reason AS GrantStatusReason, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM oauth.credentials
        WHERE project_id = @ProjectId AND type = @Type AND key_id = @KeyId
        FOR UPDATE SKIP LOCKED
        """;

    private const string UpdateSealed = """
        UPDATE oauth.credentials
        SET key_id = @KeyId, nonce = @Nonce, ciphertext = @Ciphertext
        WHERE project_id = @ProjectId AND type = @Type
        """;

    private const string CountByKey = """
        SELECT key_id AS KeyId, count(*) AS Credentials FROM oauth.credentials GROUP BY key_id ORDER BY key_id
        """;

    public async Task<IReadOnlyList<CredentialKeyRef>> ListUnderKeysAsync(
        IReadOnlyCollection<string> keyIds, CredentialKeyRef? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new
        {
            KeyIds = keyIds.ToArray(),
            ProjectId = after?.ProjectId ?? Guid.Empty,
            Type = after?.Type ?? "",
            Limit = limit,
        };
        var rows = await connection.QueryAsync<CredentialKeyRef>(
            new CommandDefinition(ListUnderKeys, parameters, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> ResealAsync(
        CredentialKeyRef credential,
        Func<CredentialRow, SealedRow> reseal,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CredentialRow>(
            new CommandDefinition(LockRow, credential, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return false;
        }

        var resealed = reseal(row);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSealed, new
        {
            row.ProjectId,
            row.Type,
            resealed.KeyId,
            resealed.Nonce,
            resealed.Ciphertext,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<KeyUsage>> CountByKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KeyUsage>(
            new CommandDefinition(CountByKey, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
