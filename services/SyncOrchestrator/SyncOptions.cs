namespace Connectors.SyncOrchestrator;

/// <summary>How the orchestrator schedules syncs (config section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Whether connected connectors are synced on a schedule at all. Default true.</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>
    /// Time between two scheduled syncs of every connected connector (e.g. <c>01:00:00</c>), at least two seconds.
    /// The schedule is kept in PostgreSQL and shared by every orchestrator instance: the first firing comes one
    /// interval after the first instance ever started, and restarts do not move it. Default one hour.
    /// </summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How late a firing may be (every instance down, or all busy) before it counts as missed; a missed firing runs
    /// once when an instance is back, however many slots were missed. Default one minute.
    /// </summary>
    public TimeSpan ScheduleMisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often each instance tells the others it is alive; an instance silent for twice this long is taken as
    /// dead and the firings it held are recovered by another. Default 15 seconds.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the queue gauges (requests waiting per platform queue, age of the oldest queued run) are read
    /// from RabbitMQ and the database. Default 15 seconds; at least one second.
    /// </summary>
    public TimeSpan QueueMetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the orchestrator looks for connectors whose next attempt is due (after a backoff or a quota's
    /// reset). Default two seconds.
    /// </summary>
    public TimeSpan RetryPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The shortest interval accepted. Intervals of seconds are for trying the schedule out: connectors still
    /// syncing are skipped, but every idle one is requested again at each firing.
    /// </summary>
    public static TimeSpan MinimumInterval { get; } = TimeSpan.FromSeconds(2);
}
