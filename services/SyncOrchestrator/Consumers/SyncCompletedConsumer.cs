using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

/// <summary>Stores how a connector's part of a run ended: its state, streams and error.</summary>
internal sealed class SyncCompletedConsumer(SyncRunProgress progress) : IConsumer<SyncCompleted>
{
    public const string QueueName = "orchestrator-sync-completed";

    public Task Consume(ConsumeContext<SyncCompleted> context) => progress.RecordCompletedAsync(
        QueueName, context.RequireMessageId(), context.Message, context.CancellationToken);
}

internal sealed class SyncCompletedConsumerDefinition : ConsumerDefinition<SyncCompletedConsumer>
{
    public SyncCompletedConsumerDefinition() => EndpointName = SyncCompletedConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SyncCompletedConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseProgressRetries();
}
