using Connectors.Contracts;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>
/// A sync run as the API shows it. <see cref="Status"/> sums up its connectors: <c>queued</c> while all wait,
/// <c>running</c> while any is queued or running, then <c>succeeded</c> when every connector succeeded,
/// <c>partially_failed</c> when some succeeded and others failed or were skipped, <c>failed</c> when none succeeded.
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
    DateTimeOffset? FinishedAt);

/// <summary>Why a connector's sync failed or was skipped; <see cref="Class"/> is a lowercase failure class.</summary>
internal sealed record SyncErrorView(string Class, string Message);

/// <summary>The answer to starting a sync: the run and the connectors it covers.</summary>
internal sealed record SyncStartedResponse(string Status, string SyncId, IReadOnlyList<string> Connectors)
{
    public static SyncStartedResponse For(StartedRun run) => new("started", run.SyncId, run.Types);
}
