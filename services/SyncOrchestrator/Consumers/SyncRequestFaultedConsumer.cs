using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

/// <summary>
/// Fails a connector's part of a run when its worker gave up on the request after every retry (the request went
/// to the queue's <c>_error</c> queue and MassTransit published <see cref="Fault{T}"/>): without it the run would
/// stay running forever. A connector that already ended keeps its state.
/// </summary>
internal sealed class SyncRequestFaultedConsumer(SyncRunProgress progress) : IConsumer<Fault<SyncRequested>>
{
    public const string QueueName = "orchestrator-sync-request-faulted";

    public Task Consume(ConsumeContext<Fault<SyncRequested>> context)
    {
        var fault = context.Message;
        var request = fault.Message;
        var reason = fault.Exceptions.FirstOrDefault() is { } exception
            ? $"{exception.ExceptionType}: {exception.Message}"
            : "no reason given";
        var failed = new SyncCompleted
        {
            SyncId = request.SyncId,
            ProjectId = request.ProjectId,
            Type = request.Type,
            Status = SyncOutcome.Failed,
            Streams = [],
            Error = new SyncError
            {
                Class = FailureClass.Transient,
                Message = Shorten($"The worker gave up on this sync after its retries ({reason})."),
            },
            StartedAt = fault.Timestamp,
            CompletedAt = fault.Timestamp,
        };
        return progress.RecordCompletedAsync(QueueName, context.RequireMessageId(), failed, context.CancellationToken);
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..497] + "...";
}

internal sealed class SyncRequestFaultedConsumerDefinition : ConsumerDefinition<SyncRequestFaultedConsumer>
{
    public SyncRequestFaultedConsumerDefinition() => EndpointName = SyncRequestFaultedConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SyncRequestFaultedConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseProgressRetries();
}
