using Connectors.ConnectorRegistry.Data;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Connectors.ConnectorRegistry.Endpoints;

/// <summary>
/// Service-to-service API (signed, never routed by the gateway): <c>/internal/connectors</c>.
/// </summary>
public static class InternalConnectorsApi
{
    public static IEndpointRouteBuilder MapInternalConnectorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/connectors");
        group.MapGet("", ListAsync);
        group.MapPut("/{type}", ApplyAsync).RequireProject();
        group.MapPut("/{type}/token-expiry", SetTokenExpiryAsync).RequireProject();
        return app;
    }

    /// <summary>The caller project's connectors, or every project's when the signature names no project.</summary>
    public static async Task<Results<Ok<List<InternalConnectorView>>, ValidationProblem>> ListAsync(
        [FromQuery] string? status,
        TrustedCaller caller,
        IConnectorRepository connectors,
        CancellationToken cancellationToken)
    {
        if (status is not null && !ConnectorStatuses.All.Contains(status, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(StatusError());
        }

        var rows = await connectors.ListByStatusAsync(caller.ProjectId, status, cancellationToken);
        return TypedResults.Ok(rows
            .Select(row => new InternalConnectorView(row.ProjectId, row.Type, row.Status, row.AccountId))
            .ToList());
    }

    public static async Task<Results<Ok<ConnectorView>, ValidationProblem>> ApplyAsync(
        string type,
        ConnectorStateChange change,
        TrustedCaller caller,
        IConnectorRepository connectors,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        type = RequestBody.RequireKnownType(type);
        if (!ConnectorStatuses.All.Contains(change.Status, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(StatusError());
        }

        var connector = await connectors.ApplyAsync(caller.Project, type, change, cancellationToken);
        Log.StatusChanged(loggers.CreateLogger(typeof(InternalConnectorsApi)), type, caller.Project, connector.Status);
        return TypedResults.Ok(ConnectorView.From(connector));
    }

    /// <summary>
    /// A platform extended a connector's access (a Meta token exchanged again): the new end of access.
    /// </summary>
    public static async Task<Results<NoContent, NotFound>> SetTokenExpiryAsync(
        string type,
        TokenExpiryChange change,
        TrustedCaller caller,
        IConnectorRepository connectors,
        CancellationToken cancellationToken)
    {
        type = RequestBody.RequireKnownType(type);
        return await connectors.SetTokenExpiryAsync(caller.Project, type, change.TokenExpiresAt, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }

    private static Dictionary<string, string[]> StatusError() => new()
    {
        ["status"] = [$"Must be one of: {string.Join(", ", ConnectorStatuses.All)}."],
    };
}

/// <summary>The body of <c>PUT /internal/connectors/{type}/token-expiry</c>.</summary>
public sealed record TokenExpiryChange(DateTimeOffset? TokenExpiresAt);
