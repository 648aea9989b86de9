using System.Security.Cryptography;
using Connectors.Contracts;
using Connectors.Messaging;
using Connectors.SyncOrchestrator.Data;
using Connectors.SyncOrchestrator.Registry;
using Npgsql;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>
/// Starts sync runs, manual and scheduled alike: in one transaction the run, a queued row per connector and a
/// <see cref="SyncRequested"/> per connector in the outbox. Connectors that already have an active run are not
/// requested again, so runs of one connector never overlap.
/// </summary>
internal sealed class SyncRunStarter(
    NpgsqlDataSource dataSource,
    ISyncRunRepository runs,
    Outbox outbox,
    TimeProvider time,
    ILogger<SyncRunStarter> logger)
{
    /// <summary>The run created earlier for <paramref name="key"/>, if any.</summary>
    public Task<StartedRun?> FindByIdempotencyKeyAsync(
        Guid projectId,
        string key,
        CancellationToken cancellationToken) =>
        runs.FindByIdempotencyKeyAsync(null, projectId, key, cancellationToken);

    /// <summary>
    /// Starts a run for the idle ones among <paramref name="types"/>. When none is idle, answers with the newest
    /// active run instead; when <paramref name="idempotencyKey"/> was used before, with that earlier run.
    /// </summary>
    public async Task<StartedRun> StartAsync(
        Guid projectId,
        IReadOnlyCollection<string> types,
        SyncTrigger trigger,
        string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(types.Count);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await runs.LockProjectAsync(transaction, projectId, cancellationToken);

        var earlier = idempotencyKey is null ? null
            : await runs.FindByIdempotencyKeyAsync(transaction, projectId, idempotencyKey, cancellationToken);
        var run = earlier
            ?? await StartIdleAsync(transaction, projectId, types, trigger, idempotencyKey, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    /// <summary>
    /// Starts one scheduled run per project for the idle ones among its <paramref name="connected"/> connectors, a
    /// chunk of <see cref="ScheduledChunkProjects"/> projects per transaction and a handful of statements per chunk:
    /// the fan-out costs a few round trips per chunk whatever the number of connectors, and the outbox relay
    /// publishes a chunk's requests while the next chunk is written.
    /// </summary>
    public async Task<IReadOnlyList<StartedRun>> StartScheduledAsync(
        IReadOnlyCollection<ConnectedConnector> connected,
        CancellationToken cancellationToken)
    {
        var started = new List<StartedRun>();
        var chunks = connected
            .GroupBy(connector => connector.ProjectId)
            .OrderBy(project => project.Key)
            .Chunk(ScheduledChunkProjects);
        foreach (var chunk in chunks)
        {
            started.AddRange(await StartScheduledChunkAsync(chunk, cancellationToken));
        }

        return started;
    }

    /// <summary>Projects started per transaction by <see cref="StartScheduledAsync"/>.</summary>
    internal const int ScheduledChunkProjects = 250;

    private async Task<IReadOnlyList<StartedRun>> StartScheduledChunkAsync(
        IGrouping<Guid, ConnectedConnector>[] projects,
        CancellationToken cancellationToken)
    {
        var projectIds = projects.Select(project => project.Key).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await runs.LockProjectsAsync(transaction, projectIds, cancellationToken);
        var active = (await runs.ListActiveAsync(transaction, projectIds, cancellationToken))
            .Select(connector => (connector.ProjectId, connector.Type))
            .ToHashSet();

        var requestedAt = Now();
        var newRuns = projects
            .Select(project => new NewSyncRun(
                NewSyncId(),
                project.Key,
                SyncTrigger.Scheduled,
                requestedAt,
                null,
                [.. project
                    .Where(connector => !active.Contains((project.Key, connector.Type)))
                    .Select(connector => connector.Type)
                    .Distinct()
                    .Order()]))
            .Where(run => run.Types.Count > 0)
            .ToList();
        await runs.InsertManyAsync(transaction, newRuns, cancellationToken);
        var requests = newRuns.SelectMany(run => run.Types.Select(type => Request(run, type))).ToList();
        await outbox.AddRangeAsync(connection, transaction, requests, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. newRuns.Select(run => new StartedRun(run.Id, run.Types, true))];
    }

    private async Task<StartedRun> StartIdleAsync(
        NpgsqlTransaction transaction,
        Guid projectId,
        IReadOnlyCollection<string> types,
        SyncTrigger trigger,
        string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var active = await runs.ListActiveAsync(transaction, projectId, cancellationToken);
        var idle = types.Where(type => active.All(connector => connector.Type != type)).Order().ToList();
        if (idle.Count == 0)
        {
            // The newest run that covers what was asked: another connector's run would not show its progress.
            var newest = active.First(connector => types.Contains(connector.Type)).SyncId;
            Log.RunAlreadyActive(logger, projectId, newest);
            return new StartedRun(newest, await runs.GetTypesAsync(transaction, newest, cancellationToken), false);
        }

        var run = new NewSyncRun(NewSyncId(), projectId, trigger, Now(), idempotencyKey, idle);
        await runs.InsertAsync(transaction, run, cancellationToken);
        foreach (var type in idle)
        {
            await outbox.AddAsync(transaction.Connection!, transaction, Request(run, type), cancellationToken);
        }

        Log.RunStarted(logger, run.Id, ConnectorStates.Of(trigger), projectId, string.Join(", ", idle));
        return new StartedRun(run.Id, idle, true);
    }

    private static SyncRequested Request(NewSyncRun run, string type) => new()
    {
        SyncId = run.Id,
        ProjectId = run.ProjectId,
        Type = type,
        Trigger = run.Trigger,
        RequestedAt = run.RequestedAt,
    };

    private static string NewSyncId() => "sync_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // PostgreSQL keeps microseconds; the message carries the same instant as the row.
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
