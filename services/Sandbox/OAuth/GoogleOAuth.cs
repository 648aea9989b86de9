using Connectors.Sandbox.State;

namespace Connectors.Sandbox.OAuth;

/// <summary>oauth2.googleapis.com: token exchange, refresh and revocation.</summary>
internal static class GoogleOAuth
{
    private const int DefaultLifetime = 3599;

    public static IEndpointRouteBuilder MapGoogleOAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/google/oauth2");
        group.MapPost("/token", TokenAsync).DisableAntiforgery();
        group.MapPost("/revoke", RevokeAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> TokenAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var (basicId, basicSecret) = ClientRegistry.ReadBasic(context.Request);
        var clientId = basicId ?? form["client_id"].ToString();
        var secret = basicSecret ?? form["client_secret"].ToString();
        var grantType = form["grant_type"].ToString();
        var tag = RequestTag.Mark(context, grantType == "refresh_token" ? "refresh" : "token", Providers.Google);
        if (!clients.Verify(Providers.Google, clientId, secret))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "The OAuth client was not found.");
        }

        return grantType switch
        {
            "authorization_code" => ExchangeCode(form, clientId, clients, store, tag),
            "refresh_token" => Refresh(form, clientId, clients, store, tag),
            _ => Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", $"Invalid grant_type: {grantType}"),
        };
    }

    private static IResult ExchangeCode(
        IFormCollection form, string clientId, ClientRegistry clients, SandboxStore store, RequestTag tag)
    {
        var (grant, failure) = store.RedeemCode(
            Providers.Google, form["code"], clientId, form["redirect_uri"], form["code_verifier"]);
        if (grant is null)
        {
            return failure switch
            {
                CodeFailure.RedirectMismatch => Error(400, "redirect_uri_mismatch", "Bad Request"),
                CodeFailure.VerifierMissing => Error(400, "invalid_grant", "Missing code verifier."),
                CodeFailure.VerifierMismatch => Error(400, "invalid_grant", "Invalid code verifier."),
                _ => Error(400, "invalid_grant", "Bad Request"),
            };
        }

        tag.Bind(grant);
        var access = store.Issue(grant, TokenKind.Access, "ya29.", clients.Lifetime(Providers.Google, DefaultLifetime));
        var refresh = grant.Offline ? store.Issue(grant, TokenKind.Refresh, "1//0", null) : null;
        return TypedResults.Json(Body(access, refresh?.Value, grant));
    }

    private static IResult Refresh(
        IFormCollection form, string clientId, ClientRegistry clients, SandboxStore store, RequestTag tag)
    {
        var refresh = store.UsableRefresh(form["refresh_token"], Providers.Google, clientId);
        if (refresh is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_grant", "Token has been expired or revoked.");
        }

        tag.Bind(refresh.Grant);
        var lifetime = clients.Lifetime(Providers.Google, DefaultLifetime);
        var access = store.Issue(refresh.Grant, TokenKind.Access, "ya29.", lifetime);
        return TypedResults.Json(Body(access, null, refresh.Grant));
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.Google);
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var value = form["token"].ToString() is { Length: > 0 } fromForm
            ? fromForm
            : context.Request.Query["token"].ToString();
        var token = store.FindAnyToken(value, Providers.Google);
        if (token is null || !store.IsUsable(token))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_token", "Token expired or revoked");
        }

        tag.Bind(token.Grant);
        store.RevokeGrant(token.Grant);
        return TypedResults.Json(new { });
    }

    private static Dictionary<string, object> Body(IssuedToken access, string? refreshToken, Grant grant)
    {
        var body = new Dictionary<string, object>
        {
            ["access_token"] = access.Value,
            ["expires_in"] = (int)(access.ExpiresAt!.Value - access.IssuedAt).TotalSeconds,
            ["scope"] = string.Join(' ', grant.Scopes),
            ["token_type"] = "Bearer",
        };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }

        return body;
    }

    private static IResult Error(int status, string error, string description) =>
        TypedResults.Json(new { error, error_description = description }, statusCode: status);
}
