using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Connectors.SyncOrchestrator.Data;
using Connectors.SyncOrchestrator.Registry;
using Connectors.SyncOrchestrator.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] SyncRunRequest? request,
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
        var types = connected.Select(connector => connector.Type).ToList();
        if (request?.Connectors is { } named)
        {
            if (Refuse(named, types) is { } refused)
            {
                return refused;
            }

            types = [.. named.Distinct()];
        }

        if (types.Count == 0)
        {
            return Problem(
                StatusCodes.Status409Conflict, "Nothing to sync", "Nothing to sync: connect a platform first.");
        }

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

    /// <summary>A 400 problem when the body names no connector, or ones that are unknown or not connected.</summary>
    private static ProblemHttpResult? Refuse(IReadOnlyList<string> named, IReadOnlyList<string> connected)
    {
        if (named.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "No connector named",
                "Name at least one connector in \"connectors\", or send no body to sync every connected one.");
        }

        var unknown = named.Where(type => !ConnectorTypes.All.Contains(type)).Distinct().ToList();
        var idle = named.Where(type => ConnectorTypes.All.Contains(type) && !connected.Contains(type))
            .Distinct().ToList();
        if (unknown.Count == 0 && idle.Count == 0)
        {
            return null;
        }

        var reasons = new List<string>();
        if (unknown.Count > 0)
        {
            reasons.Add($"unknown connector type(s): {string.Join(", ", unknown)}");
        }

        if (idle.Count > 0)
        {
            reasons.Add($"not connected: {string.Join(", ", idle)}");
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Cannot sync these connectors",
            detail: $"Nothing was started; {string.Join("; ", reasons)}.",
            extensions: new Dictionary<string, object?> { ["connectors"] = unknown.Concat(idle).ToList() });
    }

    private static Accepted<SyncStartedResponse> Accepted(StartedRun run) =>
        TypedResults.Accepted($"/api/sync/{run.SyncId}", SyncStartedResponse.For(run));

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
