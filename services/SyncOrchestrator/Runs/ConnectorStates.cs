using Connectors.Contracts;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>The states of one connector within a run, as stored and shown.</summary>
internal static class ConnectorStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Cancelled = "cancelled";

    public static bool IsActive(string state) => state is Queued or Running;

    public static string Of(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Succeeded => Succeeded,
        SyncOutcome.Failed => Failed,
        SyncOutcome.Skipped => Skipped,
        SyncOutcome.Cancelled => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown sync outcome."),
    };

    public static string Of(SyncTrigger trigger) => trigger switch
    {
        SyncTrigger.Manual => "manual",
        SyncTrigger.Scheduled => "scheduled",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown sync trigger."),
    };

    public static string Of(FailureClass failure) => failure.ToString().ToLowerInvariant();
}
