using Connectors.Contracts;
using Connectors.Messaging;
using Dapper;
using Npgsql;

namespace Connectors.ConnectorRegistry.Data;

internal sealed class ConnectorRepository(NpgsqlDataSource dataSource, Outbox outbox, TimeProvider time)
    : IConnectorRepository
{
    private const string Columns = """
        project_id AS ProjectId, type AS Type, status AS Status, status_reason AS StatusReason,
        account_name AS AccountName, account_id AS AccountId, connected_at AS ConnectedAt, last_sync_at AS LastSyncAt,
        token_expires_at AS TokenExpiresAt
        """;

    private const string List = $"""
        SELECT {Columns} FROM registry.connectors WHERE project_id = @ProjectId
        """;

    private const string ListByStatus = $"""
        SELECT {Columns} FROM registry.connectors
        WHERE (@ProjectId::uuid IS NULL OR project_id = @ProjectId)
          AND (@Status::text IS NULL OR status = @Status)
        ORDER BY project_id, type
        """;

    private const string Find = $"""
        SELECT {Columns} FROM registry.connectors WHERE project_id = @ProjectId AND type = @Type
        """;

    private const string Pending = $"""
        INSERT INTO registry.connectors AS c (project_id, type, status)
        VALUES (@ProjectId, @Type, 'pending')
        ON CONFLICT (project_id, type) DO UPDATE
            SET status = 'pending', status_reason = NULL, updated_at = now()
            WHERE c.status <> 'connected'
        RETURNING {Columns}
        """;

    private const string Apply = $"""
        INSERT INTO registry.connectors AS c
            (project_id, type, status, status_reason, account_name, account_id, connected_at, token_expires_at)
        VALUES (@ProjectId, @Type, @Status, @StatusReason, @AccountName, @AccountId,
            CASE WHEN @Status = 'connected' THEN now() END, @TokenExpiresAt)
        ON CONFLICT (project_id, type) DO UPDATE SET
            status = excluded.status,
            status_reason = excluded.status_reason,
            account_name = COALESCE(excluded.account_name, c.account_name),
            account_id = COALESCE(excluded.account_id, c.account_id),
            connected_at = CASE
                WHEN excluded.status = 'connected' AND c.status <> 'connected' THEN now()
                ELSE c.connected_at END,
            token_expires_at = CASE
                WHEN excluded.status = 'connected' THEN excluded.token_expires_at
                ELSE c.token_expires_at END,
            expiry_warned_at = CASE
                WHEN excluded.status = 'connected' AND excluded.token_expires_at IS DISTINCT FROM c.token_expires_at
                THEN NULL
                ELSE c.expiry_warned_at END,
            updated_at = now()
        RETURNING {Columns}
        """;

    private const string Delete = "DELETE FROM registry.connectors WHERE project_id = @ProjectId AND type = @Type";

    private const string TokenExpiry = """
        UPDATE registry.connectors SET
            token_expires_at = @TokenExpiresAt,
            expiry_warned_at = CASE
                WHEN token_expires_at IS DISTINCT FROM @TokenExpiresAt THEN NULL ELSE expiry_warned_at END,
            updated_at = now()
        WHERE project_id = @ProjectId AND type = @Type AND status = 'connected'
        """;

    private const string ClaimWarnings = """
        UPDATE registry.connectors SET expiry_warned_at = @Now
        WHERE status = 'connected' AND token_expires_at < @Until
          AND (expiry_warned_at IS NULL OR expiry_warned_at <= @Now - interval '1 day')
        RETURNING project_id AS ProjectId, type AS Type, token_expires_at AS TokenExpiresAt
        """;

    private const string RecordSync = """
        UPDATE registry.connectors SET last_sync_at = @CompletedAt, updated_at = now()
        WHERE project_id = @ProjectId AND type = @Type
          AND (last_sync_at IS NULL OR last_sync_at < @CompletedAt)
        """;

    private const string ReauthRequired = """
        UPDATE registry.connectors SET status = 'reauth_required', status_reason = @Reason, updated_at = now()
        WHERE project_id = @ProjectId AND type = @Type
          AND (connected_at IS NULL OR connected_at <= @StartedAt)
        """;

    public async Task<IReadOnlyList<Connector>> ListAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Connector>(
            Command(List, new { ProjectId = projectId }, cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<Connector>> ListByStatusAsync(
        Guid? projectId,
        string? status,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Connector>(
            Command(ListByStatus, new { ProjectId = projectId, Status = status }, cancellationToken));
        return rows.AsList();
    }

    public async Task<Connector?> FindAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Connector>(
            Command(Find, new { ProjectId = projectId, Type = type }, cancellationToken));
    }

    public async Task<Connector?> MarkPendingAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Connector>(
            Command(Pending, new { ProjectId = projectId, Type = type }, cancellationToken));
    }

    public async Task<Connector> ApplyAsync(
        Guid projectId,
        string type,
        ConnectorStateChange change,
        CancellationToken cancellationToken)
    {
        var parameters = new
        {
            ProjectId = projectId,
            Type = type,
            change.Status,
            change.StatusReason,
            change.AccountName,
            change.AccountId,
            TokenExpiresAt = change.TokenExpiresAt?.UtcDateTime,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<Connector>(Command(Apply, parameters, cancellationToken));
    }

    public async Task<bool> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            Delete,
            new { ProjectId = projectId, Type = type },
            transaction,
            cancellationToken: cancellationToken)) == 1;
        if (deleted)
        {
            var disconnected = new ConnectorDisconnected
            {
                ProjectId = projectId,
                Type = type,
                DisconnectedAt = time.GetUtcNow(),
            };
            await outbox.AddAsync(connection, transaction, disconnected, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<bool> SetTokenExpiryAsync(
        Guid projectId,
        string type,
        DateTimeOffset? tokenExpiresAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { ProjectId = projectId, Type = type, TokenExpiresAt = tokenExpiresAt?.UtcDateTime };
        return await connection.ExecuteAsync(Command(TokenExpiry, parameters, cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<ExpiringConnector>> ClaimExpiryWarningsAsync(
        DateTime until,
        DateTime now,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ExpiringConnector>(
            Command(ClaimWarnings, new { Until = until, Now = now }, cancellationToken));
        return rows.AsList();
    }

    public async Task<bool> RecordSyncAsync(
        Guid projectId,
        string type,
        DateTime completedAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { ProjectId = projectId, Type = type, CompletedAt = completedAt };
        return await connection.ExecuteAsync(Command(RecordSync, parameters, cancellationToken)) == 1;
    }

    public async Task<bool> MarkReauthRequiredAsync(
        Guid projectId,
        string type,
        string reason,
        DateTime syncStartedAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { ProjectId = projectId, Type = type, Reason = reason, StartedAt = syncStartedAt };
        return await connection.ExecuteAsync(Command(ReauthRequired, parameters, cancellationToken)) == 1;
    }

    private static CommandDefinition Command(string sql, object parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, cancellationToken: cancellationToken);
}
