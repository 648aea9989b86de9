using System.Collections.Concurrent;
using Connectors.Contracts;
using MassTransit;

namespace Connectors.Benchmarks.Infrastructure;

/// <summary>
/// A downstream subscriber of <c>SyncCompleted</c> on its own queue, bound the way an analytics team would.
/// </summary>
public sealed class Completions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string SyncId, string Type), SyncCompleted> _received = new();
    private IBusControl? _bus;

    public async Task StartAsync(Uri amqp)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(amqp);
            rabbit.Message<SyncCompleted>(message => message.SetEntityName("connectors.sync-completed"));
            rabbit.ReceiveEndpoint("bench-completions", endpoint => endpoint.Handler<SyncCompleted>(context =>
            {
                _received[(context.Message.SyncId, context.Message.Type)] = context.Message;
                return Task.CompletedTask;
            }));
        });
        await _bus.StartAsync();
    }

    public async Task<SyncCompleted> WaitAsync(string syncId, string type, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_received.TryGetValue((syncId, type), out var completed))
            {
                return completed;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No SyncCompleted for {syncId} {type} within {timeout}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }
    }
}
