using Connectors.Contracts;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>
/// A sync run as the API shows it. <see cref="Status"/> sums up its connectors: <c>queued</c> while all wait,
/// <c>running</c> while any is queued or running, then <c>succeeded</c> when every connector succeeded,
/// <c>partially_failed</c> when some succeeded and others failed, were skipped or cancelled, <c>cancelled</c> when
/// every connector was cancelled (disconnected), <c>failed</c> when none succeeded.
/// </summary>
internal sealed record SyncRunView(
    string SyncId,
    string Status,
    string Trigger,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<ConnectorRunView> Connectors)
{
    public static SyncRunView Create(
        string syncId,
        string trigger,
        DateTimeOffset requestedAt,
        IReadOnlyList<ConnectorRunView> connectors)
    {
        var finished = connectors.All(connector => !ConnectorStates.IsActive(connector.State));
        var finishedAt = finished ? connectors.Max(connector => connector.FinishedAt) : null;
        return new(syncId, StatusOf(connectors), trigger, requestedAt, finishedAt, connectors);
    }

    private static string StatusOf(IReadOnlyList<ConnectorRunView> connectors)
    {
        var states = connectors.Select(connector => connector.State).ToList();
        if (states.All(state => state == ConnectorStates.Queued))
        {
            return ConnectorStates.Queued;
        }

        if (states.Any(ConnectorStates.IsActive))
        {
            return ConnectorStates.Running;
        }

        var succeeded = states.Count(state => state == ConnectorStates.Succeeded);
        if (states.All(state => state == ConnectorStates.Cancelled))
        {
            return ConnectorStates.Cancelled;
        }

        return succeeded == states.Count ? ConnectorStates.Succeeded
            : succeeded > 0 ? "partially_failed"
            : ConnectorStates.Failed;
    }
}

/// <summary>
/// One connector's part of a run: its state and what each stream landed. While the connector runs,
/// <see cref="CurrentStream"/> is the stream being read and <see cref="Records"/> the records read so far per stream
/// (as last reported); once it ended, <see cref="CurrentStream"/> is null and <see cref="Records"/> the final counts.
/// </summary>
internal sealed record ConnectorRunView(
    string Type,
    string State,
    string? CurrentStream,
    IReadOnlyDictionary<string, long> Records,
    IReadOnlyList<StreamResult> Streams,
    SyncErrorView? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The current attempt, from 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>While the connector waits for its next attempt (a backoff, a quota's reset): when it starts.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Why it waits, in words for the user, e.g. that a daily quota ran out and when it resets.</summary>
    public string? WaitingReason { get; init; }

    /// <summary>Every attempt so far and how it ended.</summary>
    public IReadOnlyList<AttemptView> Attempts { get; init; } = [];
}

/// <summary>
/// One attempt at a connector's sync. <see cref="Outcome"/> is <c>running</c> while it runs, then
/// <c>succeeded</c>, <c>failed</c>, <c>skipped</c>, <c>cancelled</c>, or <c>interrupted</c> when its worker stopped
/// and another took over; <see cref="RetryAt"/> is when a failed attempt is tried again.
/// </summary>
internal sealed record AttemptView(
    int Attempt,
    string Outcome,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    SyncErrorView? Error,
    DateTimeOffset? RetryAt);

/// <summary>Why a connector's sync failed or was skipped; <see cref="Class"/> is a lowercase failure class.</summary>
internal sealed record SyncErrorView(string Class, string Message);

/// <summary>The answer to starting a sync: the run and the connectors it covers.</summary>
internal sealed record SyncStartedResponse(string Status, string SyncId, IReadOnlyList<string> Connectors)
{
    public static SyncStartedResponse For(StartedRun run) => new("started", run.SyncId, run.Types);
}
