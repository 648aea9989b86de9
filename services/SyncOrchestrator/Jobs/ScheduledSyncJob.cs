using Connectors.Contracts;
using Connectors.SyncOrchestrator.Registry;
using Connectors.SyncOrchestrator.Runs;
using Quartz;

namespace Connectors.SyncOrchestrator.Jobs;

/// <summary>
/// Starts a scheduled run for every project with connected connectors, leaving out connectors whose previous run
/// is still queued or running.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ScheduledSyncJob(
    IRegistryClient registry,
    SyncRunStarter starter,
    ILogger<ScheduledSyncJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connected = await registry.GetConnectedAsync(null, cancellationToken);
        var projects = connected.GroupBy(connector => connector.ProjectId).ToList();
        var started = 0;
        foreach (var project in projects)
        {
            var types = project.Select(connector => connector.Type).ToList();
            var run = await starter.StartAsync(project.Key, types, SyncTrigger.Scheduled, null, cancellationToken);
            started += run.Created ? 1 : 0;
        }

        Log.ScheduleFired(logger, projects.Count, started);
    }
}
