using Connectors.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.OAuth;

/// <summary>api.hubapi.com OAuth: date-versioned and v3 token endpoints, the legacy v1 ones, introspection.</summary>
internal static class HubSpotOAuth
{
    private const int DefaultLifetime = 1800;
    private const string VersionPattern = "{version:regex(^(v3|\\d{{4}}-\\d{{2}})$)}";

    public static IEndpointRouteBuilder MapHubSpotOAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/hubspot/api/oauth");
        group.MapPost($"/{VersionPattern}/token", (HttpContext c, ClientRegistry r, SandboxStore s,
            IOptions<SandboxOptions> o) => TokenAsync(c, r, s, o.Value, legacy: false)).DisableAntiforgery();
        group.MapPost("/v1/token", (HttpContext c, ClientRegistry r, SandboxStore s, IOptions<SandboxOptions> o) =>
            TokenAsync(c, r, s, o.Value, legacy: true)).DisableAntiforgery();
        group.MapPost($"/{VersionPattern}/token/revoke", RevokeAsync).DisableAntiforgery();
        group.MapPost($"/{VersionPattern}/token/introspect", IntrospectAsync).DisableAntiforgery();
        group.MapDelete("/v1/refresh-tokens/{token}", RevokeLegacy);
        group.MapGet("/v1/access-tokens/{token}", (HttpContext c, string token, SandboxStore s) =>
            LegacyMetadata(c, token, s, TokenKind.Access));
        group.MapGet("/v1/refresh-tokens/{token}", (HttpContext c, string token, SandboxStore s) =>
            LegacyMetadata(c, token, s, TokenKind.Refresh));
        return app;
    }

    public static string HubDomain(Account account) =>
        account.Id == Products.DefaultAccountId(Products.HubSpot)
            ? "acme-corp.hubspot.com"
            : $"sandbox-{account.Id}.hubspot.com";

    public static long UserId(Grant grant) =>
        1000 + (long)(Deterministic.Seed(grant.Product, grant.AccountId) % 900000);

    private static async Task<IResult> TokenAsync(
        HttpContext context, ClientRegistry clients, SandboxStore store, SandboxOptions options, bool legacy)
    {
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        var tag = RequestTag.Mark(context, grantType == "refresh_token" ? "refresh" : "token", Providers.HubSpot);
        if (!legacy && context.Request.Query.ContainsKey("client_secret"))
        {
            return Error("invalid_request", "client_secret is not accepted in the query string", "BAD_REQUEST");
        }

        if (!clients.Verify(Providers.HubSpot, form["client_id"], form["client_secret"]))
        {
            return Error("invalid_client", "missing or unknown client id or secret", "BAD_CLIENT_ID");
        }

        var lifetime = clients.Lifetime(Providers.HubSpot, DefaultLifetime);
        var (grant, refresh, error) = grantType switch
        {
            "authorization_code" => Exchange(form, store),
            "refresh_token" => Refresh(form, store, options.HubSpotRotateRefreshTokens),
            _ => (null, null, Error("unsupported_grant_type", "grant_type is not supported", "BAD_GRANT_TYPE")),
        };
        if (error is not null)
        {
            return error;
        }

        tag.Bind(grant!);
        var access = store.Issue(grant!, TokenKind.Access, "CN", lifetime);
        return TypedResults.Json(Body(access, refresh!, store, legacy));
    }

    private static (Grant?, string?, IResult?) Exchange(IFormCollection form, SandboxStore store)
    {
        var (grant, failure) = store.RedeemCode(
            Providers.HubSpot, form["code"], form["client_id"].ToString(), form["redirect_uri"], form["code_verifier"]);
        if (grant is null)
        {
            var status = failure == CodeFailure.RedirectMismatch ? "BAD_REDIRECT_URI" : "BAD_AUTH_CODE";
            return (null, null, Error("invalid_grant", "auth code is invalid, expired or already used", status));
        }

        var refresh = store.Issue(grant, TokenKind.Refresh, "na1-", null);
        return (grant, refresh.Value, null);
    }

    private static (Grant?, string?, IResult?) Refresh(IFormCollection form, SandboxStore store, bool rotate)
    {
        var token = store.UsableRefresh(form["refresh_token"], Providers.HubSpot, form["client_id"]);
        if (token is null)
        {
            var message = "refresh token is invalid, expired or revoked";
            return (null, null, Error("invalid_grant", message, "BAD_REFRESH_TOKEN"));
        }

        if (!rotate)
        {
            return (token.Grant, token.Value, null);
        }

        store.RetireRefreshToken(token, 0);
        return (token.Grant, store.Issue(token.Grant, TokenKind.Refresh, "na1-", null).Value, null);
    }

    private static object Body(IssuedToken access, string refresh, SandboxStore store, bool legacy)
    {
        var expiresIn = (int)(access.ExpiresAt!.Value - access.IssuedAt).TotalSeconds;
        if (legacy)
        {
            return new
            {
                access_token = access.Value,
                refresh_token = refresh,
                expires_in = expiresIn,
                token_type = "bearer",
            };
        }

        var account = store.GetAccount(Products.HubSpot, access.Grant.AccountId);
        return new
        {
            access_token = access.Value,
            refresh_token = refresh,
            expires_in = expiresIn,
            token_type = "bearer",
            hub_id = long.Parse(account.Id, System.Globalization.CultureInfo.InvariantCulture),
            user_id = UserId(access.Grant),
            scopes = access.Grant.Scopes,
            token_use = "access_token",
        };
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.HubSpot);
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        if (!clients.Verify(Providers.HubSpot, form["client_id"], form["client_secret"]))
        {
            return Error("invalid_client", "missing or unknown client id or secret", "BAD_CLIENT_ID");
        }

        var token = store.FindAnyToken(form["token"], Providers.HubSpot);
        if (token is null)
        {
            return Error("invalid_request", "token is invalid or unknown", "BAD_REQUEST");
        }

        tag.Bind(token.Grant);
        token.Grant.RefreshRevoked = true;
        return TypedResults.Ok();
    }

    private static IResult RevokeLegacy(HttpContext context, string token, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.HubSpot);
        tag.Path = "/hubspot/api/oauth/v1/refresh-tokens/***";
        var found = store.FindToken(token, Providers.HubSpot, TokenKind.Refresh);
        if (found is null)
        {
            return Error(
                "invalid_grant", "refresh token not found", "BAD_REFRESH_TOKEN", StatusCodes.Status404NotFound);
        }

        tag.Bind(found.Grant);
        found.Grant.RefreshRevoked = true;
        return TypedResults.NoContent();
    }

    private static async Task<IResult> IntrospectAsync(
        HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        RequestTag.Mark(context, "introspect", Providers.HubSpot);
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        if (!clients.Verify(Providers.HubSpot, form["client_id"], form["client_secret"]))
        {
            return Error("invalid_client", "missing or unknown client id or secret", "BAD_CLIENT_ID");
        }

        var token = store.FindAnyToken(form["token"], Providers.HubSpot);
        if (token is null || !store.IsUsable(token))
        {
            return TypedResults.Json(new { active = false });
        }

        return TypedResults.Json(Metadata(token, store, form["client_id"].ToString()));
    }

    private static IResult LegacyMetadata(HttpContext context, string value, SandboxStore store, TokenKind kind)
    {
        var tag = RequestTag.Mark(context, "introspect", Providers.HubSpot);
        tag.Path = kind == TokenKind.Access
            ? "/hubspot/api/oauth/v1/access-tokens/***"
            : "/hubspot/api/oauth/v1/refresh-tokens/***";
        var token = store.FindToken(value, Providers.HubSpot, kind);
        if (token is null || !store.IsUsable(token))
        {
            return Error("invalid_token", "token is invalid, expired or revoked", "NOT_FOUND", 404);
        }

        return TypedResults.Json(Metadata(token, store, token.Grant.ClientId));
    }

    private static Dictionary<string, object> Metadata(IssuedToken token, SandboxStore store, string clientId)
    {
        var account = store.GetAccount(Products.HubSpot, token.Grant.AccountId);
        var body = new Dictionary<string, object>
        {
            ["active"] = true,
            ["client_id"] = clientId,
            ["hub_id"] = long.Parse(account.Id, System.Globalization.CultureInfo.InvariantCulture),
            ["hub_domain"] = HubDomain(account),
            ["user_id"] = UserId(token.Grant),
            ["user"] = "sandbox.user@"
                + HubDomain(account).Replace(".hubspot.com", ".example", StringComparison.Ordinal),
            ["scopes"] = token.Grant.Scopes,
            ["app_id"] = 1000001,
            ["token_type"] = token.Kind == TokenKind.Access ? "access" : "refresh",
        };
        if (token.ExpiresAt is { } expiry)
        {
            body["expires_in"] = Math.Max(0, (int)(expiry - store.Now).TotalSeconds);
        }

        return body;
    }

    private static IResult Error(string error, string description, string status, int code = 400) =>
        TypedResults.Json(
            new { error, error_description = description, status, message = description },
            statusCode: code);
}
