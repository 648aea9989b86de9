using System.Collections.Concurrent;
using MassTransit;

namespace Connectors.SyncOrchestrator.Tests;

/// <summary>Counts the messages the orchestrator's consumers finished, by message id.</summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _done = new();
    private readonly ConcurrentDictionary<Guid, Exception> _faults = new();

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _done.AddOrUpdate(context.MessageId!.Value, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        _faults[context.MessageId!.Value] = exception;
        return Task.CompletedTask;
    }

    /// <summary>Waits until message <paramref name="messageId"/> was consumed <paramref name="times"/>.</summary>
    public Task WaitAsync(Guid messageId, int times = 1) => Eventually.TrueAsync(
        () => _faults.TryGetValue(messageId, out var fault)
            ? throw new InvalidOperationException($"Consuming {messageId} failed.", fault)
            : Task.FromResult(_done.GetValueOrDefault(messageId) >= times),
        $"message {messageId} is consumed {times} time(s)");
}
