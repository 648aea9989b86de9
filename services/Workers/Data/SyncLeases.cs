using Connectors.Contracts;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectors.Workers.Data;

/// <summary>A worker's hold on one connector's sync (<c>data.sync_leases</c>).</summary>
/// <param name="Request">The request the sync answers.</param>
/// <param name="Holder">Who holds it: this process and this message.</param>
/// <param name="Attempt">
/// The attempt this hold is; one more than the request's when it took over a dead worker's.
/// </param>
/// <param name="TookOver">Whether an earlier attempt at the same request was left by a worker that stopped.</param>
public sealed record SyncLease(SyncRequested Request, string Holder, int Attempt, bool TookOver);

/// <summary>
/// Leases on connectors' syncs, so that one connector is synced by one worker at a time, a dead worker's sync is
/// taken over once its lease expires, and a disconnect reaches the worker that syncs the connector.
/// </summary>
public sealed class SyncLeases(NpgsqlDataSource dataSource, IOptions<WorkersOptions> options, TimeProvider time)
{
    private static readonly string _process = $"{Environment.MachineName}/{Environment.ProcessId}";

    private TimeSpan Duration => options.Value.LeaseDuration;

    // Taken when free, expired, or already this delivery's (a retry of the same message in this process). The
    // previous row says whether this is a takeover of the same request from another worker.
    private const string Acquire = """
        WITH previous AS (
            SELECT sync_id, holder FROM data.sync_leases WHERE project_id = @ProjectId AND type = @Type)
        INSERT INTO data.sync_leases AS lease (project_id, type, sync_id, attempt, holder, expires_at)
        VALUES (@ProjectId, @Type, @SyncId, @Attempt, @Holder, now() + @Duration)
        ON CONFLICT (project_id, type) DO UPDATE
        SET sync_id = excluded.sync_id,
            attempt = CASE WHEN lease.holder = excluded.holder THEN lease.attempt
                           WHEN lease.sync_id = excluded.sync_id THEN greatest(lease.attempt + 1, excluded.attempt)
                           ELSE excluded.attempt END,
            holder = excluded.holder, expires_at = excluded.expires_at, cancel_reason = NULL
        WHERE lease.expires_at < now() OR lease.holder = excluded.holder
        RETURNING attempt AS Attempt,
            coalesce((SELECT sync_id = @SyncId AND holder <> @Holder FROM previous), false) AS TookOver
        """;

    /// <summary>
    /// Takes the connector's lease for <paramref name="request"/>, waiting while a live worker holds it (a redelivery
    /// racing a worker that is still syncing, or one whose worker died and whose lease has yet to expire).
    /// </summary>
    public async Task<SyncLease> AcquireAsync(
        SyncRequested request,
        Guid messageId,
        CancellationToken cancellationToken)
    {
        var holder = $"{_process}/{messageId:N}";
        var giveUpAt = time.GetUtcNow() + Duration * 3;
        while (true)
        {
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                var taken = await connection.QuerySingleOrDefaultAsync<(int Attempt, bool TookOver)?>(
                    new CommandDefinition(Acquire, new
                    {
                        request.ProjectId,
                        request.Type,
                        request.SyncId,
                        request.Attempt,
                        Holder = holder,
                        Duration,
                    }, cancellationToken: cancellationToken));
                if (taken is { } lease)
                {
                    return new SyncLease(request, holder, lease.Attempt, lease.TookOver);
                }
            }

            if (time.GetUtcNow() > giveUpAt)
            {
                throw new InvalidOperationException(
                    $"The {request.Type} sync of project {request.ProjectId} is held by another worker "
                    + "that keeps renewing it.");
            }

            await Task.Delay(Duration / 6, time, cancellationToken);
        }
    }

    private const string Renew = """
        UPDATE data.sync_leases SET expires_at = now() + @Duration
        WHERE project_id = @ProjectId AND type = @Type AND holder = @Holder
        RETURNING coalesce(cancel_reason, '')
        """;

    /// <summary>
    /// Extends the lease. Answers why the sync must stop (a disconnect), the empty string when it goes on, and null
    /// when the lease is no longer this worker's.
    /// </summary>
    public async Task<string?> RenewAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(Renew, new
        {
            lease.Request.ProjectId,
            lease.Request.Type,
            lease.Holder,
            Duration,
        }, cancellationToken: cancellationToken));
    }

    private const string Release = """
        DELETE FROM data.sync_leases WHERE project_id = @ProjectId AND type = @Type AND holder = @Holder
        """;

    /// <summary>Ends the lease inside the caller's transaction, with the outcome it goes with.</summary>
    public static Task ReleaseAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncLease lease,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(Release, new
        {
            lease.Request.ProjectId,
            lease.Request.Type,
            lease.Holder,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Ends the lease on its own, when the sync ends without an outcome to record.</summary>
    public async Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ReleaseAsync(connection, transaction, lease, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private const string Cancel = """
        UPDATE data.sync_leases SET cancel_reason = @Reason WHERE project_id = @ProjectId AND type = @Type
        """;

    /// <summary>Asks the worker holding the connector's sync, if any, to stop; answers whether one held it.</summary>
    public async Task<bool> CancelAsync(Guid projectId, string type, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Cancel, new
        {
            ProjectId = projectId,
            Type = type,
            Reason = reason,
        }, cancellationToken: cancellationToken)) > 0;
    }
}
