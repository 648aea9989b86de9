using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Sync;
using MassTransit;

namespace Connectors.Workers.Consumers;

/// <summary>
/// Takes a platform's sync request from its queue <c>sync-{type}</c>, runs it and reports the outcome.
/// </summary>
public sealed class SyncRequestedConsumer(
    SyncRunner runner,
    SyncLedger ledger,
    TimeProvider time,
    ILogger<SyncRequestedConsumer> logger) : IConsumer<SyncRequested>
{
    public async Task Consume(ConsumeContext<SyncRequested> context)
    {
        var request = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A sync request has no message id.");
        if (await ledger.IsHandledAsync(messageId, context.CancellationToken))
        {
            WorkersLog.DuplicateRequest(logger, request.SyncId, request.Type);
            return;
        }

        var startedAt = time.GetUtcNow();
        WorkersLog.SyncStarting(logger, request.SyncId, request.Type, request.ProjectId);
        await context.Publish(new SyncStarted
        {
            SyncId = request.SyncId,
            ProjectId = request.ProjectId,
            Type = request.Type,
            StartedAt = startedAt,
        }, context.CancellationToken);

        var completed = await runner.RunAsync(request, startedAt, context.CancellationToken);
        await ledger.CompleteAsync(messageId, completed, context.CancellationToken);
        WorkersLog.SyncFinished(logger, request.SyncId, request.Type, completed.Status);
    }
}
