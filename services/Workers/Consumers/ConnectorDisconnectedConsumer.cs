using Connectors.Contracts;
using Connectors.Workers.Data;
using MassTransit;

namespace Connectors.Workers.Consumers;

/// <summary>
/// Stops the sync of a connector the user disconnected: marks its lease, which the worker holding it reads on its
/// next renewal, within a few seconds. A request for it that is still queued finds no credentials and does not run.
/// </summary>
public sealed class ConnectorDisconnectedConsumer(SyncLeases leases, ILogger<ConnectorDisconnectedConsumer> logger)
    : IConsumer<ConnectorDisconnected>
{
    public const string QueueName = "workers-connector-disconnected";

    public async Task Consume(ConsumeContext<ConnectorDisconnected> context)
    {
        var disconnected = context.Message;
        var held = await leases.CancelAsync(disconnected.ProjectId, disconnected.Type,
            "The connector was disconnected while it synced; rows landed before that are kept.",
            context.CancellationToken);
        WorkersLog.DisconnectSeen(logger, disconnected.Type, disconnected.ProjectId,
            held ? "its running sync is told to stop" : "no sync of it is running");
    }
}

public sealed class ConnectorDisconnectedConsumerDefinition : ConsumerDefinition<ConnectorDisconnectedConsumer>
{
    public ConnectorDisconnectedConsumerDefinition() => EndpointName = ConnectorDisconnectedConsumer.QueueName;
}
