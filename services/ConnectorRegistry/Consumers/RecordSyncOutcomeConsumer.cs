using Connectors.ConnectorRegistry.Data;
using Connectors.Contracts;
using MassTransit;

namespace Connectors.ConnectorRegistry.Consumers;

/// <summary>
/// Keeps each connector's <c>lastSync</c> and health in step with the workers' results. Both updates only move
/// forward, so a redelivered or late message changes nothing.
/// </summary>
public sealed class RecordSyncOutcomeConsumer(
    IConnectorRepository connectors,
    ILogger<RecordSyncOutcomeConsumer> logger) : IConsumer<SyncCompleted>
{
    public async Task Consume(ConsumeContext<SyncCompleted> context)
    {
        var message = context.Message;
        if (message.Status == SyncOutcome.Succeeded)
        {
            var changed = await connectors.RecordSyncAsync(
                message.ProjectId, message.Type, message.CompletedAt.UtcDateTime, context.CancellationToken);
            Log.SyncRecorded(logger, message.Type, message.ProjectId, changed);
        }
        else if (message is { Status: SyncOutcome.Failed, Error.Class: FailureClass.Auth })
        {
            var changed = await connectors.MarkReauthRequiredAsync(
                message.ProjectId,
                message.Type,
                message.Error.Message,
                message.StartedAt.UtcDateTime,
                context.CancellationToken);
            Log.ReauthRequired(logger, message.Type, message.ProjectId, message.SyncId, changed);
        }
    }
}

/// <summary>Binds the registry's own queue on the <see cref="SyncCompleted"/> fan-out, with retries.</summary>
public sealed class RecordSyncOutcomeConsumerDefinition : ConsumerDefinition<RecordSyncOutcomeConsumer>
{
    public const string QueueName = "registry-sync-completed";

    public RecordSyncOutcomeConsumerDefinition() => EndpointName = QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordSyncOutcomeConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1000, 5000));
}
