using Connectors.Sandbox.State;

namespace Connectors.Sandbox.OAuth;

/// <summary>graph.facebook.com OAuth: code exchange, long-lived exchange, permission removal, debug_token.</summary>
internal static class MetaOAuth
{
    public const string VersionSegment = "{version:regex(^v\\d+\\.\\d+$)}";
    private const int ShortLifetime = 6600;
    private const int LongLifetime = 5183944;

    /// <summary>The per-account admin limit that replaces <see cref="LongLifetime"/>.</summary>
    private const string LongLivedLimit = "tokenLifetimeSeconds";

    public static IEndpointRouteBuilder MapMetaOAuth(this IEndpointRouteBuilder app)
    {
        var graph = app.MapGroup("/meta/graph");
        graph.MapGet($"/{VersionSegment}/oauth/access_token", AccessToken);
        graph.MapGet("/oauth/access_token", AccessToken);
        graph.MapGet($"/{VersionSegment}/debug_token", DebugToken);
        graph.MapGet("/debug_token", DebugToken);
        graph.MapDelete($"/{VersionSegment}/{{user}}/permissions", RevokePermissions);
        graph.MapDelete("/{user}/permissions", RevokePermissions);
        return app;
    }

    public static string UserId(Grant grant) =>
        (10_000_000_000_000 + (long)(Deterministic.Seed(grant.Product, grant.AccountId) % 899_999_999_999))
        .ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IResult GraphError(
        int status, string message, int code, int? subcode = null, string type = "OAuthException")
    {
        var error = new Dictionary<string, object>
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
            ["fbtrace_id"] = "A" + SandboxStore.RandomToken(22),
        };
        if (subcode is { } sub)
        {
            error["error_subcode"] = sub;
        }

        return TypedResults.Json(new { error }, statusCode: status);
    }

    private static IResult AccessToken(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var query = context.Request.Query;
        var exchange = query["grant_type"] == "fb_exchange_token";
        var tag = RequestTag.Mark(context, exchange ? "refresh" : "token", Providers.Meta);
        if (!clients.Verify(Providers.Meta, query["client_id"], query["client_secret"]))
        {
            return GraphError(400, "Error validating client secret.", 1);
        }

        return exchange ? LongLived(query, clients, store, tag) : Exchange(query, clients, store, tag);
    }

    private static IResult Exchange(IQueryCollection query, ClientRegistry clients, SandboxStore store, RequestTag tag)
    {
        var (grant, failure) = store.RedeemCode(
            Providers.Meta,
            query["code"],
            query["client_id"].ToString(),
            query["redirect_uri"],
            query["code_verifier"]);
        if (grant is null)
        {
            return failure switch
            {
                CodeFailure.Used => GraphError(400, "This authorization code has been used.", 100, 36009),
                CodeFailure.Expired => GraphError(400, "This authorization code has expired.", 100, 36007),
                CodeFailure.RedirectMismatch => GraphError(
                    400, "Error validating verification code: redirect_uri differs from the dialog's.", 100, 36008),
                CodeFailure.VerifierMissing or CodeFailure.VerifierMismatch =>
                    GraphError(400, "Invalid code verifier.", 100),
                _ => GraphError(400, "Invalid verification code format.", 100),
            };
        }

        tag.Bind(grant);
        var token = store.Issue(grant, TokenKind.Access, "EAAB", clients.Lifetime("meta_short", ShortLifetime));
        return Body(token);
    }

    private static IResult LongLived(IQueryCollection query, ClientRegistry clients, SandboxStore store, RequestTag tag)
    {
        var current = store.FindToken(query["fb_exchange_token"], Providers.Meta, TokenKind.Access);
        if (current is null || !store.IsUsable(current))
        {
            return GraphError(400, "Error validating access token: the session is invalid or has expired.", 190, 463);
        }

        tag.Bind(current.Grant);
        // An account's `tokenLifetimeSeconds` limit shortens its long-lived tokens, e.g. to show an expiry warning.
        var lifetime = store.GetAccount(current.Grant.Product, current.Grant.AccountId)
            .Limit(LongLivedLimit, clients.Lifetime(Providers.Meta, LongLifetime));
        return Body(store.Issue(current.Grant, TokenKind.Access, "EAAB", lifetime, longLived: true));
    }

    private static IResult Body(IssuedToken token) => TypedResults.Json(new
    {
        access_token = token.Value,
        token_type = "bearer",
        expires_in = (int)(token.ExpiresAt!.Value - token.IssuedAt).TotalSeconds,
    });

    private static IResult DebugToken(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        RequestTag.Mark(context, "introspect", Providers.Meta);
        var appToken = context.Request.Query["access_token"].ToString().Split('|');
        if (appToken.Length != 2 || !clients.Verify(Providers.Meta, appToken[0], appToken[1]))
        {
            return GraphError(400, "Invalid OAuth access token - Cannot parse access token", 190);
        }

        var token = store.FindToken(context.Request.Query["input_token"], Providers.Meta, TokenKind.Access);
        if (token is null)
        {
            return TypedResults.Json(new { data = new { is_valid = false, error = new { code = 190,
                message = "Invalid OAuth access token." } } });
        }

        return TypedResults.Json(new { data = DebugData(token, store, appToken[0]) });
    }

    private static object DebugData(IssuedToken token, SandboxStore store, string appId)
    {
        var numeric = token.Grant.AccountId.Replace("act_", "", StringComparison.Ordinal);
        return new
        {
            app_id = appId,
            type = "USER",
            application = "Connectors Sandbox",
            data_access_expires_at = token.Grant.AuthorizedAt.AddDays(90).ToUnixTimeSeconds(),
            expires_at = token.ExpiresAt?.ToUnixTimeSeconds() ?? 0,
            is_valid = store.IsUsable(token),
            issued_at = token.IssuedAt.ToUnixTimeSeconds(),
            scopes = token.Grant.Scopes,
            granular_scopes = token.Grant.Scopes.Select(s => new { scope = s, target_ids = new[] { numeric } }),
            user_id = UserId(token.Grant),
        };
    }

    private static IResult RevokePermissions(HttpContext context, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.Meta);
        tag.Path = "/meta/graph/me/permissions";
        var value = ClientRegistry.ReadBearer(context.Request) ?? context.Request.Query["access_token"].ToString();
        var (grant, failure) = store.CheckAccess(value, Providers.Meta);
        if (grant is null || failure != AccessFailure.None)
        {
            return GraphError(400, "Error validating access token: the session is invalid.", 190, 460);
        }

        tag.Bind(grant);
        store.RevokeGrant(grant);
        return TypedResults.Json(new { success = true });
    }
}
