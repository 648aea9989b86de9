namespace Connectors.SyncOrchestrator;

/// <summary>How the orchestrator schedules syncs (config section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Whether connected connectors are synced on a schedule at all. Default true.</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>
    /// Time between two scheduled syncs of every connected connector (e.g. <c>01:00:00</c>), at least one
    /// minute. The first scheduled sync runs one interval after the service starts. Default one hour.
    /// </summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the queue gauges (requests waiting per platform queue, age of the oldest queued run) are read
    /// from RabbitMQ and the database. Default 15 seconds; at least one second.
    /// </summary>
    public TimeSpan QueueMetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The shortest interval accepted: shorter ones would pile requests onto the workers.</summary>
    public static TimeSpan MinimumInterval { get; } = TimeSpan.FromMinutes(1);
}
