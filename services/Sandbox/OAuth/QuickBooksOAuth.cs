using System.Text.Json;
using Connectors.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.OAuth;

/// <summary>Intuit OAuth: tokens/bearer (code and rotating refresh) and tokens/revoke.</summary>
internal static class QuickBooksOAuth
{
    private const int DefaultLifetime = 3600;
    private const int RefreshLifetimeSeconds = 8_726_400;
    private static readonly TimeSpan HardLifetime = TimeSpan.FromDays(5 * 365);

    public static IEndpointRouteBuilder MapQuickBooksOAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost("/intuit/oauth/oauth2/v1/tokens/bearer", TokenAsync).DisableAntiforgery();
        app.MapPost("/intuit/developer/v2/oauth2/tokens/revoke", RevokeAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> TokenAsync(
        HttpContext context, ClientRegistry clients, SandboxStore store, IOptions<SandboxOptions> options)
    {
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        var tag = RequestTag.Mark(context, grantType == "refresh_token" ? "refresh" : "token", Providers.QuickBooks);
        var (basicId, basicSecret) = ClientRegistry.ReadBasic(context.Request);
        var clientId = basicId ?? form["client_id"].ToString();
        if (!clients.Verify(Providers.QuickBooks, clientId, basicSecret ?? form["client_secret"].ToString()))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client");
        }

        var hard = string.Equals(
            context.Request.Headers["x-include-refresh-token-hard-expires-in"],
            "true",
            StringComparison.OrdinalIgnoreCase);
        var grace = options.Value.QuickBooksRefreshGraceSeconds;
        return grantType switch
        {
            "authorization_code" => Exchange(form, clientId, clients, store, tag, hard),
            "refresh_token" => Refresh(form, clientId, clients, store, tag, hard, grace),
            _ => Error(StatusCodes.Status400BadRequest, "unsupported_grant_type"),
        };
    }

    private static IResult Exchange(
        IFormCollection form, string clientId, ClientRegistry clients, SandboxStore store, RequestTag tag, bool hard)
    {
        var (grant, _) = store.RedeemCode(Providers.QuickBooks, form["code"], clientId, form["redirect_uri"], null);
        if (grant is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_grant");
        }

        tag.Bind(grant);
        return Issue(grant, clients, store, hard);
    }

    private static IResult Refresh(
        IFormCollection form, string clientId, ClientRegistry clients, SandboxStore store, RequestTag tag,
        bool hard, int grace)
    {
        var refresh = store.UsableRefresh(form["refresh_token"], Providers.QuickBooks, clientId);
        if (refresh is null || refresh.Grant.AuthorizedAt + HardLifetime <= store.Now)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_grant");
        }

        tag.Bind(refresh.Grant);
        store.RetireRefreshToken(refresh, grace);
        return Issue(refresh.Grant, clients, store, hard);
    }

    private static IResult Issue(Grant grant, ClientRegistry clients, SandboxStore store, bool hard)
    {
        var access = store.Issue(
            grant, TokenKind.Access, "eyJ", clients.Lifetime(Providers.QuickBooks, DefaultLifetime));
        var refresh = store.Issue(grant, TokenKind.Refresh, "RT1-", RefreshLifetimeSeconds);
        var body = new Dictionary<string, object>
        {
            ["token_type"] = "bearer",
            ["access_token"] = access.Value,
            ["expires_in"] = (int)(access.ExpiresAt!.Value - access.IssuedAt).TotalSeconds,
            ["refresh_token"] = refresh.Value,
            ["x_refresh_token_expires_in"] = RefreshLifetimeSeconds,
        };
        if (hard)
        {
            body["x_refresh_token_hard_expires_in"] = (int)(grant.AuthorizedAt + HardLifetime - store.Now).TotalSeconds;
        }

        return TypedResults.Json(body);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, ClientRegistry clients, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "revoke", Providers.QuickBooks);
        var (clientId, secret) = ClientRegistry.ReadBasic(context.Request);
        if (!clients.Verify(Providers.QuickBooks, clientId, secret))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client");
        }

        var token = await ReadTokenAsync(context.Request);
        var found = store.FindAnyToken(token, Providers.QuickBooks);
        if (found is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request");
        }

        tag.Bind(found.Grant);
        store.RevokeGrant(found.Grant);
        return TypedResults.Ok();
    }

    private static async Task<string?> ReadTokenAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            return (await request.ReadFormAsync(request.HttpContext.RequestAborted))["token"];
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(
                request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return document.RootElement.TryGetProperty("token", out var token) ? token.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string error) => TypedResults.Json(new { error }, statusCode: status);
}
