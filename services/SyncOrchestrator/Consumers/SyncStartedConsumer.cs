using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

/// <summary>Marks a connector's part of a run as running when its worker took the request.</summary>
internal sealed class SyncStartedConsumer(SyncRunProgress progress) : IConsumer<SyncStarted>
{
    public const string QueueName = "orchestrator-sync-started";

    public Task Consume(ConsumeContext<SyncStarted> context) => progress.RecordStartedAsync(
        QueueName, context.RequireMessageId(), context.Message, context.CancellationToken);
}

internal sealed class SyncStartedConsumerDefinition : ConsumerDefinition<SyncStartedConsumer>
{
    public SyncStartedConsumerDefinition() => EndpointName = SyncStartedConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SyncStartedConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseProgressRetries();
}
