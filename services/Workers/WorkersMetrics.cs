using System.Diagnostics.Metrics;
using Connectors.Contracts;
using MassTransit;

namespace Connectors.Workers;

/// <summary>
/// The workers' meter <c>Connectors.Workers</c>: how long syncs take, how many records each stream lands and which
/// classes of failure end them, per platform. Fed by every <see cref="SyncCompleted"/> the worker publishes.
/// </summary>
public sealed class WorkersMetrics
{
    public const string MeterName = "Connectors.Workers";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _records;
    private readonly Counter<long> _failures;

    public WorkersMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "connectors.sync.duration", "s", "How long one platform's sync took, from start to outcome.");
        _records = meter.CreateCounter<long>(
            "connectors.sync.records", "{record}", "Records read from a platform, per stream.");
        _failures = meter.CreateCounter<long>(
            "connectors.sync.failures", "{sync}", "Syncs that ended failed or skipped, by class of failure.");
    }

    public void Completed(SyncCompleted completed)
    {
        var type = new KeyValuePair<string, object?>("connector.type", completed.Type);
        _duration.Record(
            Math.Max(0, (completed.CompletedAt - completed.StartedAt).TotalSeconds),
            type,
            new KeyValuePair<string, object?>("sync.outcome", completed.Status.ToString()));
        foreach (var stream in completed.Streams)
        {
            _records.Add(stream.Records, type, new KeyValuePair<string, object?>("sync.stream", stream.Stream));
        }

        if (completed.Error is { } error)
        {
            _failures.Add(1, type, new KeyValuePair<string, object?>("failure.class", error.Class.ToString()));
        }
    }
}

/// <summary>Counts each outcome once it has reached RabbitMQ (the outbox relay publishes it).</summary>
internal sealed class SyncOutcomeObserver(WorkersMetrics metrics) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        if (context.Message is SyncCompleted completed)
        {
            metrics.Completed(completed);
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
