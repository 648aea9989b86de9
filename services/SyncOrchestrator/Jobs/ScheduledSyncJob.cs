using Connectors.SyncOrchestrator.Registry;
using Connectors.SyncOrchestrator.Runs;
using Dapper;
using Npgsql;
using Quartz;

namespace Connectors.SyncOrchestrator.Jobs;

/// <summary>
/// Starts a scheduled run for every project with connected connectors, leaving out connectors whose previous run
/// is still queued or running, and records the firing in <c>sync.schedule_firings</c>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ScheduledSyncJob(
    IRegistryClient registry,
    SyncRunStarter starter,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    ILogger<ScheduledSyncJob> logger) : IJob
{
    private const string RecordFiring = """
        INSERT INTO sync.schedule_firings (scheduled_for, fired_at, instance, projects, runs_started)
        VALUES (@ScheduledFor, @FiredAt, @Instance, @Projects, @RunsStarted)
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var firedAt = time.GetUtcNow();
        var (projects, started) = await RunAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(RecordFiring, new
        {
            ScheduledFor = (context.ScheduledFireTimeUtc ?? firedAt).UtcDateTime,
            FiredAt = firedAt.UtcDateTime,
            Instance = context.Scheduler.SchedulerInstanceId,
            Projects = projects,
            RunsStarted = started,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Starts the runs; answers how many projects had connected connectors and how many runs began.</summary>
    public async Task<(int Projects, int Started)> RunAsync(CancellationToken cancellationToken)
    {
        var connected = await registry.GetConnectedAsync(null, cancellationToken);
        var started = await starter.StartScheduledAsync(connected, cancellationToken);
        var projects = connected.Select(connector => connector.ProjectId).Distinct().Count();
        Log.ScheduleFired(logger, projects, started.Count);
        return (projects, started.Count);
    }
}
