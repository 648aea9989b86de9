using System.Collections.Concurrent;
using Connectors.Contracts;
using MassTransit;

namespace Connectors.Testing;

/// <summary>
/// An analytics consumer outside the product: its own bus and its own queue bound to the
/// <c>SyncCompleted</c> exchange, as a downstream team would subscribe.
/// </summary>
public sealed class DownstreamConsumer : IAsyncDisposable
{
    private readonly ConcurrentQueue<(SyncCompleted Message, Guid? MessageId)> _received = new();
    private IBusControl? _bus;

    public async Task StartAsync(Uri amqp, string queue)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(amqp);
            rabbit.Message<SyncCompleted>(message => message.SetEntityName("connectors.sync-completed"));
            rabbit.ReceiveEndpoint(queue, endpoint => endpoint.Handler<SyncCompleted>(context =>
            {
                _received.Enqueue((context.Message, context.MessageId));
                return Task.CompletedTask;
            }));
        });
        await _bus.StartAsync();
    }

    /// <summary>Waits until <paramref name="count"/> completions of <paramref name="syncId"/> arrived.</summary>
    public async Task<IReadOnlyList<SyncCompleted>> WaitForAsync(string syncId, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var matching = Of(syncId);
            if (matching.Count >= count || DateTime.UtcNow > deadline)
            {
                return matching;
            }

            await Task.Delay(200);
        }
    }

    public IReadOnlyList<SyncCompleted> Of(string syncId) =>
        _received.Where(entry => entry.Message.SyncId == syncId).Select(entry => entry.Message).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }
    }
}
