using Quartz;

namespace Connectors.SyncOrchestrator.Jobs;

/// <summary>Every trigger of the orchestrator, in one place.</summary>
internal static class SyncSchedule
{
    /// <summary>Fires <see cref="ScheduledSyncJob"/> every <see cref="SyncOptions.ScheduleInterval"/>.</summary>
    public const string EveryIntervalTrigger = "scheduled-sync-every-interval";

    public static IHostApplicationBuilder AddSyncSchedule(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SyncOptions.SectionName).Get<SyncOptions>() ?? new();
        builder.Services.AddTransient<ScheduledSyncJob>();
        builder.AddQuartz(quartz =>
        {
            // TODO: a persistent job store in the sync schema; until then each instance keeps its own schedule, a
            // restart waits a full interval before the next scheduled sync, and several instances each fire it
            // (harmless for overlap: connectors with an active run are skipped under a per-project lock).
            quartz.UseInMemoryStore();
            if (options.ScheduleEnabled)
            {
                quartz.ScheduleJob<ScheduledSyncJob>(trigger => trigger
                    .WithIdentity(EveryIntervalTrigger)
                    .WithDescription("Syncs every connected connector of every project")
                    .StartAt(DateTimeOffset.UtcNow + options.ScheduleInterval)
                    .WithSimpleSchedule(options.ScheduleInterval));
            }
        });
        builder.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }
}
