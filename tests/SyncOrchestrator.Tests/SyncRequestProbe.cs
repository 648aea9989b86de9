using System.Text.Json;
using Connectors.Messaging;
using RabbitMQ.Client;

namespace Connectors.SyncOrchestrator.Tests;

/// <summary>
/// Queues of the test's own, bound to the sync request exchange with one routing key each, the way a worker binds
/// <c>sync-{type}</c>; reads what reached them.
/// </summary>
public sealed class SyncRequestProbe : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private SyncRequestProbe(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<SyncRequestProbe> BindAsync(Uri amqp, params string[] routingKeys)
    {
        var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(
            MessagingExtensions.SyncRequestedExchange, ExchangeType.Direct, durable: true, autoDelete: false);
        foreach (var key in routingKeys)
        {
            await channel.QueueDeclareAsync(QueueOf(key), durable: false, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(QueueOf(key), MessagingExtensions.SyncRequestedExchange, key);
        }

        return new SyncRequestProbe(connection, channel);
    }

    /// <summary>Takes every message waiting in the queue bound with <paramref name="routingKey"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> DrainAsync(string routingKey)
    {
        var messages = new List<JsonElement>();
        while (await _channel.BasicGetAsync(QueueOf(routingKey), autoAck: true) is { } delivery)
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            messages.Add(envelope.RootElement.GetProperty("message").Clone());
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static string QueueOf(string routingKey) => "probe-" + routingKey;
}
