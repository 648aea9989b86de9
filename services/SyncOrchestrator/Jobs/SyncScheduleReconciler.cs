using Microsoft.Extensions.Options;
using Quartz;

namespace Connectors.SyncOrchestrator.Jobs;

/// <summary>
/// Brings the stored schedule in line with the settings when an instance starts. The trigger lives in the shared
/// job store, so an instance restarting does not reset it: a slot missed while every instance was down is fired
/// once (the trigger's misfire rule), not once per missed slot and not an interval late. Only a changed interval
/// replaces it, and turning the schedule off removes it for the whole cluster.
/// </summary>
internal sealed partial class SyncScheduleReconciler(
    ISchedulerFactory schedulers,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<SyncScheduleReconciler> logger) : IHostedService
{
    public static readonly JobKey Job = new("scheduled-sync");

    public static readonly TriggerKey Trigger = new("scheduled-sync-every-interval");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var settings = options.Value;
        if (!settings.ScheduleEnabled)
        {
            if (await scheduler.UnscheduleJob(Trigger, cancellationToken))
            {
                LogScheduleRemoved(logger);
            }

            return;
        }

        var stored = await scheduler.GetTrigger(Trigger, cancellationToken) as ISimpleTrigger;
        if (stored?.RepeatInterval == settings.ScheduleInterval)
        {
            LogScheduleKept(logger, settings.ScheduleInterval, stored.NextFireTimeUtc);
            return;
        }

        var firstFire = stored?.NextFireTimeUtc is { } next && next - time.GetUtcNow() < settings.ScheduleInterval
            ? next
            : time.GetUtcNow() + settings.ScheduleInterval;
        var trigger = NewTrigger(settings.ScheduleInterval, firstFire);
        try
        {
            if (stored is null)
            {
                await scheduler.ScheduleJob(NewJob(), trigger, new ScheduleJobOptions(), cancellationToken);
            }
            else
            {
                await scheduler.RescheduleJob(Trigger, trigger, cancellationToken);
            }

            LogScheduleSet(logger, settings.ScheduleInterval, firstFire);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another instance starting at the same moment stored it first; the cluster has its schedule.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IJobDetail NewJob() => JobBuilder.Create<ScheduledSyncJob>()
        .WithIdentity(Job)
        .WithDescription("Syncs every connected connector of every project")
        .StoreDurably()
        .Build();

    // A missed firing runs once as soon as an instance notices it, then the schedule carries on from there.
    private static ITrigger NewTrigger(TimeSpan interval, DateTimeOffset firstFire) => TriggerBuilder.Create()
        .WithIdentity(Trigger)
        .ForJob(Job)
        .StartAt(firstFire)
        .WithSimpleSchedule(schedule => schedule
            .WithInterval(interval)
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Scheduled syncs every {Interval}, next at {NextFire}")]
    private static partial void LogScheduleSet(ILogger logger, TimeSpan interval, DateTimeOffset nextFire);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "Scheduled syncs every {Interval} as stored, next at {NextFire}")]
    private static partial void LogScheduleKept(ILogger logger, TimeSpan interval, DateTimeOffset? nextFire);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Scheduled syncs are off; schedule removed")]
    private static partial void LogScheduleRemoved(ILogger logger);
}
