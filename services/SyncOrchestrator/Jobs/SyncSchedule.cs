using Npgsql;
using Quartz;

namespace Connectors.SyncOrchestrator.Jobs;

/// <summary>
/// The orchestrator's scheduler: Quartz on a job store in PostgreSQL (tables <c>sync.qrtz_*</c>), clustered, so
/// that every orchestrator instance shares one schedule and each firing is taken by exactly one of them.
/// </summary>
internal static class SyncSchedule
{
    /// <summary>The scheduler's name; instances sharing it (and the database) form one cluster.</summary>
    public const string SchedulerName = "connectors-sync";

    /// <summary>Where Quartz keeps its tables: the orchestrator's schema, prefixed.</summary>
    public const string TablePrefix = "sync.qrtz_";

    public static IHostApplicationBuilder AddSyncSchedule(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SyncOptions.SectionName).Get<SyncOptions>() ?? new();
        builder.Services.AddTransient<ScheduledSyncJob>();
        builder.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(source =>
                    source.DataSourceFactory = services => services.GetRequiredService<NpgsqlDataSource>());
                store.ConfigureStore(adoStore =>
                {
                    adoStore.TablePrefix = TablePrefix;
                    adoStore.MisfireThreshold = options.ScheduleMisfireThreshold;
                });
                store.ProvisionSchema();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.ClusterCheckinInterval;
                    cluster.CheckinMisfireThreshold = options.ClusterCheckinInterval * 2;
                });
            });
        });
        builder.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        // After the scheduler has started: the trigger it keeps is reconciled with this instance's settings.
        builder.Services.AddHostedService<SyncScheduleReconciler>();
        return builder;
    }
}
