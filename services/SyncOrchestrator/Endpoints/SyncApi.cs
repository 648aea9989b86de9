using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Connectors.SyncOrchestrator.Data;
using Connectors.SyncOrchestrator.Registry;
using Connectors.SyncOrchestrator.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Connectors.SyncOrchestrator.Endpoints;

/// <summary><c>/api/sync</c>: start a sync of the caller project's connectors and follow its runs.</summary>
internal static class SyncApi
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;
    private const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sync").RequireProject();
        api.MapPost("/run", StartSyncAsync);
        api.MapGet("/{syncId}", GetSyncAsync);
        api.MapGet("/", ListSyncsAsync);
        return app;
    }

    public static async Task<Results<Accepted<SyncStartedResponse>, ProblemHttpResult>> StartSyncAsync(
        TrustedCaller caller,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IRegistryClient registry,
        SyncRunStarter starter,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"The Idempotency-Key header must hold 1 to {MaxIdempotencyKeyLength} characters.");
        }

        if (idempotencyKey is not null
            && await starter.FindByIdempotencyKeyAsync(caller.Project, idempotencyKey, cancellationToken)
                is { } earlier)
        {
            return Accepted(earlier);
        }

        var connected = await registry.GetConnectedAsync(caller.Project, cancellationToken);
        if (connected.Count == 0)
        {
            return Problem(
                StatusCodes.Status409Conflict, "Nothing to sync", "Nothing to sync: connect a platform first.");
        }

        var types = connected.Select(connector => connector.Type).ToList();
        var run = await starter.StartAsync(
            caller.Project, types, SyncTrigger.Manual, idempotencyKey, cancellationToken);
        return Accepted(run);
    }

    public static async Task<Results<Ok<SyncRunView>, ProblemHttpResult>> GetSyncAsync(
        string syncId,
        TrustedCaller caller,
        ISyncRunRepository runs,
        CancellationToken cancellationToken) =>
        await runs.GetAsync(caller.Project, syncId, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : Problem(StatusCodes.Status404NotFound, "Sync not found", $"This project has no sync run '{syncId}'.");

    public static async Task<Results<Ok<IReadOnlyList<SyncRunView>>, ValidationProblem>> ListSyncsAsync(
        TrustedCaller caller,
        ISyncRunRepository runs,
        CancellationToken cancellationToken,
        int limit = DefaultLimit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be between 1 and {MaxLimit}."],
            });
        }

        return TypedResults.Ok(await runs.ListRecentAsync(caller.Project, limit, cancellationToken));
    }

    private static Accepted<SyncStartedResponse> Accepted(StartedRun run) =>
        TypedResults.Accepted($"/api/sync/{run.SyncId}", SyncStartedResponse.For(run));

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
