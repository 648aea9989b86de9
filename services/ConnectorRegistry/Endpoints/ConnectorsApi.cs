using System.Text.Json;
using Connectors.ConnectorRegistry.Application;
using Connectors.ConnectorRegistry.Data;
using Connectors.ConnectorRegistry.Expiry;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Connectors.ConnectorRegistry.Endpoints;

/// <summary>The public connectors API, reached through the gateway: <c>/api/connectors</c>.</summary>
public static class ConnectorsApi
{
    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connectors").RequireProject();
        group.MapGet("", ListAsync);
        group.MapPost("", ConnectAsync);
        group.MapDelete("", DisconnectAsync);
        return app;
    }

    public static async Task<Ok<List<ConnectorView>>> ListAsync(
        TrustedCaller caller,
        IConnectorRepository connectors,
        TokenExpiryWarnings warnings,
        CancellationToken cancellationToken)
    {
        var rows = await connectors.ListAsync(caller.Project, cancellationToken);
        var views = rows
            .OrderBy(row => IndexOf(row.Type))
            .Select(row => ConnectorView.From(row, warnings))
            .ToList();
        return TypedResults.Ok(views);
    }

    public static async Task<Results<Created<ConnectorView>, Accepted<PendingConnectorView>, ValidationProblem>>
        ConnectAsync(
            JsonElement body,
            TrustedCaller caller,
            ConnectorService service,
            CancellationToken cancellationToken)
    {
        var request = ConnectRequest.Parse(body, out var errors);
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (ConnectorService.UsesApiKey(request.Type))
        {
            var connected = await service.ConnectWithApiKeyAsync(caller.Project, request, cancellationToken);
            return TypedResults.Created((string?)null, connected);
        }

        var pending = await service.StartOAuthAsync(caller.Project, request.Type, cancellationToken);
        return TypedResults.Accepted(pending.AuthorizeUrl, pending);
    }

    public static async Task<Results<Ok<DisconnectedView>, ValidationProblem>> DisconnectAsync(
        HttpRequest request,
        [FromQuery] string? type,
        TrustedCaller caller,
        ConnectorService service,
        CancellationToken cancellationToken)
    {
        var check = new RequestBody();
        type ??= await TypeFromBodyAsync(request, check, cancellationToken);
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }

        type = RequestBody.RequireKnownType(type);
        return TypedResults.Ok(await service.DisconnectAsync(caller.Project, type, cancellationToken));
    }

    private static async Task<string?> TypeFromBodyAsync(
        HttpRequest request,
        RequestBody check,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return null;
        }

        JsonElement body;
        try
        {
            body = await request.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            check.Fail("$", "The body is not valid JSON.");
            return null;
        }

        var fields = check.Fields(body, ["type"]);
        return check.OptionalString(fields, "type");
    }

    private static int IndexOf(string type)
    {
        var index = ConnectorTypes.All.ToList().IndexOf(type);
        return index < 0 ? int.MaxValue : index;
    }
}
