using Connectors.Contracts;
using Connectors.Messaging;
using Connectors.SyncOrchestrator.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectors.SyncOrchestrator.Runs;

/// <summary>
/// Requests the next attempt of every connector whose wait is over (a backoff after a passing failure, a quota's
/// reset): the connector's row and the <see cref="SyncRequested"/> in the outbox change in one transaction, and
/// rows are claimed under <c>SKIP LOCKED</c>, so any number of orchestrator instances request each attempt once.
/// </summary>
internal sealed class RetryScheduler(
    NpgsqlDataSource dataSource,
    Outbox outbox,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<RetryScheduler> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetryPollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await RequestDueAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                Log.RetrySchedulerFailed(logger, exception);
            }
        }
    }

    /// <summary>Requests one batch of due attempts; answers how many.</summary>
    public async Task<int> RequestDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = await SyncAttemptRepository.ClaimDueAsync(transaction, time.GetUtcNow(), BatchSize,
            cancellationToken);
        var requests = due.Select(attempt => new SyncRequested
        {
            SyncId = attempt.SyncId,
            ProjectId = attempt.ProjectId,
            Type = attempt.Type,
            Trigger = attempt.Trigger == "scheduled" ? SyncTrigger.Scheduled : SyncTrigger.Manual,
            RequestedAt = new DateTimeOffset(DateTime.SpecifyKind(attempt.RequestedAt, DateTimeKind.Utc)),
            Attempt = attempt.Attempt,
            AttemptsWithoutProgress = attempt.AttemptsWithoutProgress,
        }).ToList();
        await outbox.AddRangeAsync(connection, transaction, requests, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var request in requests)
        {
            Log.AttemptRequested(logger, request.SyncId, request.Type, request.Attempt);
        }

        return requests.Count;
    }
}
