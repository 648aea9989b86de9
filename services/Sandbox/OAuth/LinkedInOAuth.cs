using Connectors.Sandbox.State;

namespace Connectors.Sandbox.OAuth;

/// <summary>www.linkedin.com OAuth: accessToken (code and refresh), introspectToken, revoke.</summary>
internal static class LinkedInOAuth
{
    private const int DefaultLifetime = 5_184_000;
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(365);

    public static IEndpointRouteBuilder MapLinkedInOAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/linkedin/www/oauth/v2");
        group.MapPost("/accessToken", TokenAsync).DisableAntiforgery();
        group.MapPost("/introspectToken", IntrospectAsync).DisableAntiforgery();
        group.MapPost("/revoke", RevokeAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> TokenAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        var tag = RequestTag.Mark(context, grantType == "refresh_token" ? "refresh" : "token", Providers.LinkedIn);
        var (basicId, basicSecret) = ClientRegistry.ReadBasic(context.Request);
        var clientId = basicId ?? form["client_id"].ToString();
        if (!clients.Verify(Providers.LinkedIn, clientId, basicSecret ?? form["client_secret"].ToString()))
        {
            return Error(401, "invalid_client", "Client authentication failed");
        }

        return grantType switch
        {
            "authorization_code" => Exchange(form, clientId, clients, store, tag),
            "refresh_token" => Refresh(form, clientId, clients, store, tag),
            _ => Error(400, "unsupported_grant_type", "A valid grant_type is required"),
        };
    }

    private static IResult Exchange(
        IFormCollection form, string clientId, ClientRegistry clients, SandboxStore store, RequestTag tag)
    {
        var (grant, _) = store.RedeemCode(Providers.LinkedIn, form["code"], clientId, form["redirect_uri"], null);
        if (grant is null)
        {
            return Error(400, "invalid_request",
                "Unable to retrieve access token: the client id, redirect uri or code verifier does not match "
                + "the authorization code, or the code has expired.");
        }

        tag.Bind(grant);
        var refresh = store.Issue(grant, TokenKind.Refresh, "AQX", (int)RefreshLifetime.TotalSeconds);
        return Body(store.Issue(grant, TokenKind.Access, "AQV", clients.Lifetime(Providers.LinkedIn, DefaultLifetime)),
            refresh, store);
    }

    private static IResult Refresh(
        IFormCollection form, string clientId, ClientRegistry clients, SandboxStore store, RequestTag tag)
    {
        var refresh = store.UsableRefresh(form["refresh_token"], Providers.LinkedIn, clientId);
        if (refresh is null)
        {
            return Error(400, "invalid_grant", "The provided refresh token is invalid, expired or revoked.");
        }

        tag.Bind(refresh.Grant);
        var lifetime = clients.Lifetime(Providers.LinkedIn, DefaultLifetime);
        return Body(store.Issue(refresh.Grant, TokenKind.Access, "AQV", lifetime), refresh, store);
    }

    private static IResult Body(IssuedToken access, IssuedToken refresh, SandboxStore store) => TypedResults.Json(new
    {
        access_token = access.Value,
        expires_in = (int)(access.ExpiresAt!.Value - access.IssuedAt).TotalSeconds,
        refresh_token = refresh.Value,
        refresh_token_expires_in = Math.Max(0, (int)(refresh.ExpiresAt!.Value - store.Now).TotalSeconds),
        scope = string.Join(',', access.Grant.Scopes),
    });

    private static async Task<IResult> IntrospectAsync(
        HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        RequestTag.Mark(context, "introspect", Providers.LinkedIn);
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        if (!clients.Verify(Providers.LinkedIn, form["client_id"], form["client_secret"]))
        {
            return Error(401, "invalid_client", "Client authentication failed");
        }

        var token = store.FindAnyToken(form["token"], Providers.LinkedIn);
        if (token is null)
        {
            return TypedResults.Json(new { active = false });
        }

        return TypedResults.Json(new
        {
            active = store.IsUsable(token),
            client_id = token.Grant.ClientId,
            authorized_at = token.Grant.AuthorizedAt.ToUnixTimeSeconds(),
            created_at = token.IssuedAt.ToUnixTimeSeconds(),
            status = Status(token, store),
            expires_at = token.ExpiresAt?.ToUnixTimeSeconds(),
            scope = string.Join(',', token.Grant.Scopes),
            auth_type = "3L",
        });
    }

    private static string Status(IssuedToken token, SandboxStore store) =>
        token.Revoked || token.Grant.Revoked ? "revoked" : store.IsUsable(token) ? "active" : "expired";

    private static async Task<IResult> RevokeAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.LinkedIn);
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        if (!clients.Verify(Providers.LinkedIn, form["client_id"], form["client_secret"]))
        {
            return Error(401, "invalid_client", "Client authentication failed");
        }

        var token = store.FindAnyToken(form["token"], Providers.LinkedIn);
        if (token is null)
        {
            return Error(400, "invalid_request", "The token is unknown.");
        }

        tag.Bind(token.Grant);
        store.RevokeGrant(token.Grant);
        return TypedResults.Ok();
    }

    private static IResult Error(int status, string error, string description) =>
        TypedResults.Json(new { error, error_description = description }, statusCode: status);
}
