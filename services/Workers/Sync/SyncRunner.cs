using System.Runtime.CompilerServices;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Tokens;
using MassTransit;
using Npgsql;

namespace Connectors.Workers.Sync;

/// <summary>How one attempt ended.</summary>
/// <param name="Outcome">The outcome, as the sync's <see cref="SyncCompleted"/> would carry it.</param>
/// <param name="MadeProgress">
/// Whether the attempt left something durable: new or changed rows, or a stream done.
/// </param>
/// <param name="RetryAt">When the platform said asking again can succeed (a quota's reset), if it did.</param>
public sealed record AttemptResult(SyncCompleted Outcome, bool MadeProgress, DateTimeOffset? RetryAt);

/// <summary>Runs one sync request: token, then each stream of the platform, then the outcome.</summary>
public sealed class SyncRunner(
    IServiceProvider services,
    TokenClient tokens,
    IPublishEndpoint publisher,
    TimeProvider time,
    ILogger<SyncRunner> logger)
{
    /// <summary>
    /// Runs one attempt. When <paramref name="keeper"/> stops it for a disconnect, the attempt ends as
    /// <see cref="SyncOutcome.Cancelled"/> with what it landed so far.
    /// </summary>
    public async Task<AttemptResult> RunAsync(
        SyncRequested request,
        int attempt,
        DateTimeOffset startedAt,
        LeaseKeeper keeper,
        CancellationToken cancellationToken)
    {
        var progress = new List<StreamProgress>();
        var completedStreams = new StrongBox<int>();
        SyncCompleted outcome;
        DateTimeOffset? retryAt = null;
        try
        {
            (outcome, retryAt) = await RunAttemptAsync(request, startedAt, progress, completedStreams, keeper.Token);
        }
        catch (OperationCanceledException) when (keeper.CancelReason is { } reason)
        {
            WorkersLog.SyncCancelled(logger, request.SyncId, request.Type, request.ProjectId);
            outcome = Outcome(request, startedAt, SyncOutcome.Cancelled,
                [.. progress.Select(stream => stream.ToResult())],
                new SyncError { Class = FailureClass.Configuration, Message = reason });
        }

        var changed = progress.Any(stream => stream.Inserted + stream.Updated > 0) || completedStreams.Value > 0;
        return new AttemptResult(outcome with { Attempt = attempt }, changed, retryAt);
    }

    private async Task<(SyncCompleted Outcome, DateTimeOffset? RetryAt)> RunAttemptAsync(
        SyncRequested request,
        DateTimeOffset startedAt,
        List<StreamProgress> progress,
        StrongBox<int> completedStreams,
        CancellationToken cancellationToken)
    {
        var syncer = services.GetKeyedService<IPlatformSyncer>(request.Type);
        if (syncer is null)
        {
            return (Outcome(request, startedAt, SyncOutcome.Failed, [], new SyncError
            {
                Class = FailureClass.Configuration,
                Message = $"This worker cannot sync '{request.Type}'.",
            }), null);
        }

        PlatformToken token;
        try
        {
            token = await tokens.GetAsync(request.ProjectId, request.Type, null, cancellationToken);
        }
        catch (GrantRevokedException revoked)
        {
            WorkersLog.SyncSkipped(logger, request.SyncId, request.Type, request.ProjectId);
            return (Outcome(request, startedAt, SyncOutcome.Skipped, [], Error(revoked)), null);
        }
        catch (SyncFailureException failure)
        {
            return (Outcome(request, startedAt, SyncOutcome.Failed, [], Error(failure)), failure.RetryAt);
        }

        var session = new AccessSession(tokens, request.ProjectId, request.Type, token);
        var scope = new SyncScope(request, session, startedAt, new ProgressReporter(publisher, time));
        var (error, retryAt) = await RunStreamsAsync(syncer, scope, progress, completedStreams, cancellationToken);
        var results = progress.Select(stream => stream.ToResult()).ToList();
        return error is null
            ? (Outcome(request, startedAt, SyncOutcome.Succeeded, results, null), null)
            : (Outcome(request, startedAt, SyncOutcome.Failed, results, error), retryAt);
    }

    private async Task<(SyncError? Error, DateTimeOffset? RetryAt)> RunStreamsAsync(
        IPlatformSyncer syncer,
        SyncScope scope,
        List<StreamProgress> progress,
        StrongBox<int> completedStreams,
        CancellationToken cancellationToken)
    {
        try
        {
            foreach (var stream in syncer.Streams)
            {
                var current = new StreamProgress(stream);
                progress.Add(current);
                scope.Progress.Track(current);
                await syncer.SyncAsync(stream, scope, current, cancellationToken);
                WorkersLog.StreamSynced(logger, scope.SyncId, scope.Type, stream.Name, current.Records,
                    current.Inserted, current.Updated);
                completedStreams.Value++;
            }

            return (null, null);
        }
        catch (SyncFailureException failure)
        {
            WorkersLog.SyncFailed(logger, scope.SyncId, scope.Type, failure.FailureClass, failure.Message);
            return (Error(failure), failure.RetryAt);
        }
        catch (JsonException exception)
        {
            WorkersLog.SyncBroke(logger, scope.SyncId, scope.Type, exception);
            return (new SyncError
            {
                Class = FailureClass.Bug,
                Message = $"The {scope.Type} API answered in a shape the worker does not understand.",
            }, null);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or NpgsqlException))
        {
            // The run must still end with SyncCompleted, or the orchestrator would wait for it forever. Database
            // failures are left to the message retry: the outcome could not be recorded anyway.
            WorkersLog.SyncBroke(logger, scope.SyncId, scope.Type, exception);
            return (new SyncError
            {
                Class = FailureClass.Bug,
                Message = $"The {scope.Type} sync stopped on an unexpected {exception.GetType().Name}.",
            }, null);
        }
    }

    private static SyncError Error(SyncFailureException failure) =>
        new() { Class = failure.FailureClass, Message = failure.Message };

    private SyncCompleted Outcome(
        SyncRequested request,
        DateTimeOffset startedAt,
        SyncOutcome status,
        IReadOnlyList<StreamResult> streams,
        SyncError? error) => new()
        {
            SyncId = request.SyncId,
            ProjectId = request.ProjectId,
            Type = request.Type,
            Status = status,
            Streams = streams,
            Error = error,
            StartedAt = startedAt,
            CompletedAt = time.GetUtcNow(),
        };
}
