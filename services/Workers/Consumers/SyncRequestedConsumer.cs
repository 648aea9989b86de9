using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Sync;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Consumers;

/// <summary>
/// Takes a platform's sync request from its queue <c>sync-{type}</c>, holds the connector's lease while it runs
/// one attempt, and reports the outcome, or, when the attempt failed on something that passes (the platform
/// unavailable, a quota), asks for the next attempt after a backoff or at the quota's reset.
/// </summary>
public sealed class SyncRequestedConsumer(
    SyncRunner runner,
    SyncLedger ledger,
    SyncLeases leases,
    IOptions<WorkersOptions> options,
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

        var lease = await leases.AcquireAsync(request, messageId, context.CancellationToken);
        if (await ledger.IsHandledAsync(messageId, context.CancellationToken))
        {
            // Another delivery finished it while this one waited for the lease.
            await leases.ReleaseAsync(lease, context.CancellationToken);
            WorkersLog.DuplicateRequest(logger, request.SyncId, request.Type);
            return;
        }

        if (lease.TookOver)
        {
            WorkersLog.LeaseTakenOver(logger, request.SyncId, request.Type, lease.Attempt);
        }

        try
        {
            await RunAsync(context, request, messageId, lease);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The message is retried, here or by another worker: neither should wait for this lease to expire.
            await ReleaseQuietlyAsync(lease);
            throw;
        }
    }

    private async Task RunAsync(ConsumeContext<SyncRequested> context, SyncRequested request, Guid messageId,
        SyncLease lease)
    {
        var startedAt = time.GetUtcNow();
        WorkersLog.SyncStarting(logger, request.SyncId, request.Type, request.ProjectId);
        await context.Publish(new SyncStarted
        {
            SyncId = request.SyncId,
            ProjectId = request.ProjectId,
            Type = request.Type,
            StartedAt = startedAt,
            Attempt = lease.Attempt,
        }, context.CancellationToken);

        AttemptResult result;
        await using (var keeper = new LeaseKeeper(
            leases, lease, options.Value.LeaseDuration / 6, time, context.CancellationToken))
        {
            try
            {
                result = await runner.RunAsync(request, lease.Attempt, startedAt, keeper, keeper.Token);
            }
            catch (OperationCanceledException) when (keeper.Lost)
            {
                WorkersLog.LeaseLost(logger, request.SyncId, request.Type);
                return;
            }
        }

        if (Retry(request, lease.Attempt, result) is { } retry)
        {
            WorkersLog.AttemptDeferred(logger, request.SyncId, request.Type, lease.Attempt, retry.Error.Class,
                lease.Attempt + 1, retry.RetryAt);
            await ledger.EndAsync(messageId, retry, lease, context.CancellationToken);
            return;
        }

        await ledger.EndAsync(messageId, result.Outcome, lease, context.CancellationToken);
        WorkersLog.SyncFinished(logger, request.SyncId, request.Type, result.Outcome.Status);
    }

    private async Task ReleaseQuietlyAsync(SyncLease lease)
    {
        try
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
        catch (Npgsql.NpgsqlException)
        {
            // The database is away: the lease expires on its own.
        }
    }

    /// <summary>
    /// The next attempt, when one can help and the budget allows: a passing fault or a quota, fewer than
    /// <see cref="WorkersOptions.MaxAttemptsWithoutProgress"/> attempts in a row without progress.
    /// </summary>
    private SyncAttemptFailed? Retry(SyncRequested request, int attempt, AttemptResult result)
    {
        var outcome = result.Outcome;
        if (outcome is not { Status: SyncOutcome.Failed, Error.Class: FailureClass.Transient or FailureClass.Quota })
        {
            return null;
        }

        var settings = options.Value;
        var withoutProgress = result.MadeProgress ? 0 : request.AttemptsWithoutProgress + 1;
        if (withoutProgress >= settings.MaxAttemptsWithoutProgress || attempt >= settings.MaxSyncAttempts)
        {
            return null;
        }

        var backoff = TimeSpan.FromTicks(Math.Min(
            settings.AttemptBackoffMax.Ticks,
            settings.AttemptBackoff.Ticks * (1L << Math.Min(withoutProgress, 20))));
        var now = time.GetUtcNow();
        return new SyncAttemptFailed
        {
            SyncId = request.SyncId,
            ProjectId = request.ProjectId,
            Type = request.Type,
            Trigger = request.Trigger,
            RequestedAt = request.RequestedAt,
            Attempt = attempt,
            AttemptsWithoutProgress = withoutProgress,
            Error = outcome.Error,
            StartedAt = outcome.StartedAt,
            FailedAt = now,
            RetryAt = result.RetryAt is { } reset && reset > now ? reset : now + backoff,
        };
    }
}
