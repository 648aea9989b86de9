using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

/// <summary>Keeps the stream a running connector reads and its records so far, for the run's live view.</summary>
internal sealed class SyncProgressedConsumer(SyncRunProgress progress) : IConsumer<SyncProgressed>
{
    public const string QueueName = "orchestrator-sync-progressed";

    public Task Consume(ConsumeContext<SyncProgressed> context) => progress.RecordProgressAsync(
        QueueName, context.RequireMessageId(), context.Message, context.CancellationToken);
}

internal sealed class SyncProgressedConsumerDefinition : ConsumerDefinition<SyncProgressedConsumer>
{
    public SyncProgressedConsumerDefinition() => EndpointName = SyncProgressedConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SyncProgressedConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseProgressRetries();
}
