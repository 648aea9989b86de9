using System.Diagnostics.Metrics;
using Connectors.Contracts;
using MassTransit;

namespace Connectors.SyncOrchestrator;

/// <summary>
/// The orchestrator's meter <c>Connectors.SyncOrchestrator</c>: outcomes and failure classes of the runs it tracks,
/// and, per platform queue <c>sync-{type}</c>, the requests waiting and the age of the oldest one still queued.
/// </summary>
public sealed class SyncOrchestratorMetrics
{
    public const string MeterName = "Connectors.SyncOrchestrator";

    private readonly Counter<long> _completed;
    private readonly Counter<long> _failures;
    private volatile QueueSnapshot _queues = QueueSnapshot.Empty;

    public SyncOrchestratorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _completed = meter.CreateCounter<long>(
            "connectors.sync.completed", "{sync}", "Platform syncs that reported an outcome, by outcome.");
        _failures = meter.CreateCounter<long>(
            "connectors.sync.failures", "{sync}", "Platform syncs that ended failed or skipped, by class of failure.");
        meter.CreateObservableGauge(
            "connectors.sync.queue.depth",
            () => _queues.Depths,
            "{message}",
            "Sync requests ready in each platform's queue sync-{type}, as RabbitMQ counts them.");
        meter.CreateObservableGauge(
            "connectors.sync.queue.lag",
            () => _queues.Lags,
            "s",
            "Age of the oldest sync request of each platform that no worker has taken yet (0 when none waits).");
    }

    public void Completed(SyncCompleted completed)
    {
        var type = new KeyValuePair<string, object?>("connector.type", completed.Type);
        _completed.Add(1, type, new KeyValuePair<string, object?>("sync.outcome", completed.Status.ToString()));
        if (completed.Error is { } error)
        {
            _failures.Add(1, type, new KeyValuePair<string, object?>("failure.class", error.Class.ToString()));
        }
    }

    /// <summary>Replaces what the queue gauges report; the queue monitor calls it at each reading.</summary>
    public void Observed(IReadOnlyDictionary<string, long> depths, IReadOnlyDictionary<string, double> lags) =>
        _queues = new QueueSnapshot(
            [.. depths.Select(depth => new Measurement<long>(depth.Value, Tags(depth.Key)))],
            [.. lags.Select(lag => new Measurement<double>(lag.Value, Tags(lag.Key)))]);

    private static KeyValuePair<string, object?>[] Tags(string type) =>
    [
        new("connector.type", type),
        new("messaging.destination.name", $"sync-{type}"),
    ];

    private sealed record QueueSnapshot(Measurement<long>[] Depths, Measurement<double>[] Lags)
    {
        public static QueueSnapshot Empty { get; } = new([], []);
    }
}

/// <summary>Counts each outcome the orchestrator consumes.</summary>
internal sealed class SyncOutcomeObserver(SyncOrchestratorMetrics metrics) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is SyncCompleted completed)
        {
            metrics.Completed(completed);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
