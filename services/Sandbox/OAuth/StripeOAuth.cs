using Connectors.Sandbox.State;

namespace Connectors.Sandbox.OAuth;

/// <summary>connect.stripe.com OAuth: token (code and refresh) and deauthorize; access tokens never expire.</summary>
internal static class StripeOAuth
{
    public static IEndpointRouteBuilder MapStripeOAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/stripe/connect/oauth");
        group.MapPost("/token", TokenAsync).DisableAntiforgery();
        group.MapPost("/deauthorize", DeauthorizeAsync).DisableAntiforgery();
        return app;
    }

    private static bool IsPlatformSecret(string? secret, ClientRegistry clients, SandboxStore store) =>
        !string.IsNullOrEmpty(secret)
        && (secret == clients.Find(Providers.Stripe)?.ClientSecret || store.StripeAccountForKey(secret) is not null);

    private static string? ReadSecret(HttpContext context, IFormCollection form) =>
        ClientRegistry.ReadBasic(context.Request).Id
        ?? ClientRegistry.ReadBearer(context.Request)
        ?? form["client_secret"].ToString();

    private static async Task<IResult> TokenAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        var tag = RequestTag.Mark(context, grantType == "refresh_token" ? "refresh" : "token", Providers.Stripe);
        if (!IsPlatformSecret(ReadSecret(context, form), clients, store))
        {
            return Error(401, "invalid_client", "No such API key was found for this platform.");
        }

        var clientId = clients.Find(Providers.Stripe)!.ClientId;
        Grant? grant;
        if (grantType == "refresh_token")
        {
            grant = store.UsableRefresh(form["refresh_token"], Providers.Stripe, null)?.Grant;
        }
        else if (grantType == "authorization_code")
        {
            grant = store.RedeemCode(
                Providers.Stripe, form["code"], clientId, form["redirect_uri"], null, requireRedirect: false).Grant;
        }
        else
        {
            return Error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
        }

        if (grant is null)
        {
            return Error(400, "invalid_grant", "The authorization code or refresh token does not exist or was used.");
        }

        tag.Bind(grant);
        return Issue(grant, store, grantType == "refresh_token" ? form["refresh_token"].ToString() : null);
    }

    private static IResult Issue(Grant grant, SandboxStore store, string? refreshToken)
    {
        var access = store.Issue(grant, TokenKind.Access, "sk_test_oauth_", null);
        refreshToken ??= store.Issue(grant, TokenKind.Refresh, "rt_", null).Value;
        return TypedResults.Json(new
        {
            access_token = access.Value,
            livemode = false,
            refresh_token = refreshToken,
            token_type = "bearer",
            stripe_publishable_key =
                "pk_test_" + Deterministic.Base62(Deterministic.Hash(grant.AccountId), "pk", 0, 24),
            stripe_user_id = grant.AccountId,
            scope = string.Join(' ', grant.Scopes),
        });
    }

    private static async Task<IResult> DeauthorizeAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.Stripe, Products.Stripe);
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        if (!IsPlatformSecret(ReadSecret(context, form), clients, store))
        {
            return Error(401, "invalid_client", "No such API key was found for this platform.");
        }

        var userId = form["stripe_user_id"].ToString();
        var grants = store.GrantsOf(Products.Stripe, userId).Where(g => g.ClientId == form["client_id"]).ToList();
        if (grants.Count == 0)
        {
            return Error(400, "invalid_client", "This application is not connected to that Stripe account.");
        }

        tag.AccountId = userId;
        grants.ForEach(store.RevokeGrant);
        return TypedResults.Json(new { stripe_user_id = userId });
    }

    private static IResult Error(int status, string error, string description) =>
        TypedResults.Json(new { error, error_description = description }, statusCode: status);
}
