using Connectors.OAuth.Tokens;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.OAuth.Endpoints;

/// <summary>Internal: valid access tokens for the workers. The only answer that ever carries a secret.</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/tokens/{type}", GetTokenAsync).WithTags("Tokens").RequireProject();
        return app;
    }

    public static async Task<Ok<AccessTokenAnswer>> GetTokenAsync(
        string type,
        TokenRequest? request,
        TrustedCaller caller,
        TokenService tokens,
        CancellationToken cancellationToken)
    {
        var answer = await tokens.GetAsync(
            caller.Project, type, request ?? new TokenRequest(false, null), cancellationToken);
        return TypedResults.Ok(answer);
    }
}
