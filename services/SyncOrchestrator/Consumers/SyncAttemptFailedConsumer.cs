using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

/// <summary>Keeps a connector queued for its next attempt after one failed on something that passes.</summary>
internal sealed class SyncAttemptFailedConsumer(SyncRunProgress progress) : IConsumer<SyncAttemptFailed>
{
    public const string QueueName = "orchestrator-sync-attempt-failed";

    public Task Consume(ConsumeContext<SyncAttemptFailed> context) => progress.RecordAttemptFailedAsync(
        QueueName, context.RequireMessageId(), context.Message, context.CancellationToken);
}

internal sealed class SyncAttemptFailedConsumerDefinition : ConsumerDefinition<SyncAttemptFailedConsumer>
{
    public SyncAttemptFailedConsumerDefinition() => EndpointName = SyncAttemptFailedConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SyncAttemptFailedConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseProgressRetries();
}
