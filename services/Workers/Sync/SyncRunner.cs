using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Tokens;
using MassTransit;
using Npgsql;

namespace Connectors.Workers.Sync;

/// <summary>Runs one sync request: token, then each stream of the platform, then the outcome.</summary>
public sealed class SyncRunner(
    IServiceProvider services,
    TokenClient tokens,
    IPublishEndpoint publisher,
    TimeProvider time,
    ILogger<SyncRunner> logger)
{
    public async Task<SyncCompleted> RunAsync(
        SyncRequested request,
        DateTimeOffset startedAt,
        CancellationToken cancellationToken)
    {
        var syncer = services.GetKeyedService<IPlatformSyncer>(request.Type);
        if (syncer is null)
        {
            return Outcome(request, startedAt, SyncOutcome.Failed, [], new SyncError
            {
                Class = FailureClass.Configuration,
                Message = $"This worker cannot sync '{request.Type}'.",
            });
        }

        PlatformToken token;
        try
        {
            token = await tokens.GetAsync(request.ProjectId, request.Type, null, cancellationToken);
        }
        catch (GrantRevokedException revoked)
        {
            WorkersLog.SyncSkipped(logger, request.SyncId, request.Type, request.ProjectId);
            return Outcome(request, startedAt, SyncOutcome.Skipped, [], Error(revoked));
        }
        catch (SyncFailureException failure)
        {
            return Outcome(request, startedAt, SyncOutcome.Failed, [], Error(failure));
        }

        var session = new AccessSession(tokens, request.ProjectId, request.Type, token);
        var scope = new SyncScope(request, session, startedAt, new ProgressReporter(publisher, time));
        var progress = new List<StreamProgress>();
        var error = await RunStreamsAsync(syncer, scope, progress, cancellationToken);
        var results = progress.Select(stream => stream.ToResult()).ToList();
        return error is null
            ? Outcome(request, startedAt, SyncOutcome.Succeeded, results, null)
            : Outcome(request, startedAt, SyncOutcome.Failed, results, error);
    }

    private async Task<SyncError?> RunStreamsAsync(
        IPlatformSyncer syncer,
        SyncScope scope,
        List<StreamProgress> progress,
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
            }

            return null;
        }
        catch (SyncFailureException failure)
        {
            WorkersLog.SyncFailed(logger, scope.SyncId, scope.Type, failure.FailureClass, failure.Message);
            return Error(failure);
        }
        catch (JsonException exception)
        {
            WorkersLog.SyncBroke(logger, scope.SyncId, scope.Type, exception);
            return new SyncError
            {
                Class = FailureClass.Bug,
                Message = $"The {scope.Type} API answered in a shape the worker does not understand.",
            };
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or NpgsqlException))
        {
            // The run must still end with SyncCompleted, or the orchestrator would wait for it forever. Database
            // failures are left to the message retry: the outcome could not be recorded anyway.
            WorkersLog.SyncBroke(logger, scope.SyncId, scope.Type, exception);
            return new SyncError
            {
                Class = FailureClass.Bug,
                Message = $"The {scope.Type} sync stopped on an unexpected {exception.GetType().Name}.",
            };
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
