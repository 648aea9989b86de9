using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

/// <summary>Cancels a disconnected connector's queued or running sync.</summary>
internal sealed class ConnectorDisconnectedConsumer(SyncRunProgress progress) : IConsumer<ConnectorDisconnected>
{
    public const string QueueName = "orchestrator-connector-disconnected";

    public Task Consume(ConsumeContext<ConnectorDisconnected> context) => progress.RecordDisconnectedAsync(
        QueueName, context.RequireMessageId(), context.Message, context.CancellationToken);
}

internal sealed class ConnectorDisconnectedConsumerDefinition : ConsumerDefinition<ConnectorDisconnectedConsumer>
{
    public ConnectorDisconnectedConsumerDefinition() => EndpointName = ConnectorDisconnectedConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ConnectorDisconnectedConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseProgressRetries();
}
