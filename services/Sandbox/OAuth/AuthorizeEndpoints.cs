using Connectors.Sandbox.State;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Connectors.Sandbox.OAuth;

/// <summary>Consent screens of every provider: GET renders, POST .../approve decides.</summary>
internal static class AuthorizeEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizeEndpoints(this IEndpointRouteBuilder app)
    {
        MapProfile(app, "/google/accounts/o/oauth2/v2/auth", AuthorizeProfile.Google);
        MapProfile(app, "/hubspot/app/oauth/authorize", AuthorizeProfile.HubSpot);
        MapProfile(app, "/meta/www/{version:regex(^v\\d+\\.\\d+$)}/dialog/oauth", AuthorizeProfile.Meta);
        MapProfile(app, "/linkedin/www/oauth/v2/authorization", AuthorizeProfile.LinkedIn);
        MapProfile(app, "/intuit/appcenter/connect/oauth2", AuthorizeProfile.QuickBooks);
        MapProfile(app, "/stripe/connect/oauth/authorize", AuthorizeProfile.Stripe);
        return app;
    }

    private static void MapProfile(IEndpointRouteBuilder app, string pattern, AuthorizeProfile profile)
    {
        app.MapGet(pattern, (HttpContext context, ClientRegistry clients, SandboxStore store) =>
            ShowConsent(context, profile, clients, store));
        app.MapPost(pattern + "/approve", (HttpContext context, ClientRegistry clients, SandboxStore store) =>
            DecideAsync(context, profile, clients, store)).DisableAntiforgery();
    }

    private static IResult ShowConsent(
        HttpContext context, AuthorizeProfile profile, ClientRegistry clients, SandboxStore store)
    {
        RequestTag.Mark(context, "authorize", profile.Provider);
        var parameters = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        if (Validate(profile, parameters, clients) is { } error)
        {
            return error;
        }

        var scopes = AuthorizeProfile.SplitScopes(parameters["scope"]);
        var product = profile.ProductFor(scopes);
        if (store.AutoApprove)
        {
            var account = parameters.GetValueOrDefault("login_hint") is { Length: > 0 } hint
                ? hint
                : Products.DefaultAccountId(product);
            return Allow(profile, parameters, store, account);
        }

        var html = ConsentPage.Render(
            profile,
            context.Request.Path + "/approve",
            parameters,
            scopes,
            Products.DefaultAccountId(product),
            parameters["client_id"]);
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> DecideAsync(
        HttpContext context, AuthorizeProfile profile, ClientRegistry clients, SandboxStore store)
    {
        RequestTag.Mark(context, "authorize", profile.Provider);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var parameters = form
            .Where(f => f.Key is not "decision" and not "account")
            .ToDictionary(f => f.Key, f => f.Value.ToString());
        if (Validate(profile, parameters, clients) is { } error)
        {
            return error;
        }

        if (!string.Equals(form["decision"], "allow", StringComparison.OrdinalIgnoreCase))
        {
            return Deny(profile, parameters);
        }

        var account = form["account"].ToString();
        var product = profile.ProductFor(AuthorizeProfile.SplitScopes(parameters["scope"]));
        return Allow(profile, parameters, store, account.Length > 0 ? account : Products.DefaultAccountId(product));
    }

    private static IResult? Validate(
        AuthorizeProfile profile, Dictionary<string, string> parameters, ClientRegistry clients)
    {
        var problem = FindProblem(profile, parameters, clients);
        if (problem is null)
        {
            return null;
        }

        var html = ConsentPage.Error(profile, problem.Value.Error, problem.Value.Description);
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
    }

    private static (string Error, string Description)? FindProblem(
        AuthorizeProfile profile, Dictionary<string, string> parameters, ClientRegistry clients)
    {
        var clientId = parameters.GetValueOrDefault("client_id");
        if (string.IsNullOrEmpty(clientId))
        {
            return ("invalid_request", "Required parameter is missing: client_id");
        }

        if (!clients.IsKnownClient(profile.Provider, clientId))
        {
            return ("invalid_client", $"The OAuth client {clientId} is not registered.");
        }

        if (string.IsNullOrEmpty(parameters.GetValueOrDefault("redirect_uri")))
        {
            return ("invalid_request", "Required parameter is missing: redirect_uri");
        }

        return FindRequestProblem(profile, parameters);
    }

    private static (string Error, string Description)? FindRequestProblem(
        AuthorizeProfile profile, Dictionary<string, string> parameters)
    {
        var responseType = parameters.GetValueOrDefault("response_type");
        if (string.IsNullOrEmpty(responseType) ? profile.RequiresResponseType : responseType != "code")
        {
            return ("unsupported_response_type", "response_type must be 'code'.");
        }

        if (AuthorizeProfile.SplitScopes(parameters.GetValueOrDefault("scope")).Count == 0)
        {
            return ("invalid_scope", "Required parameter is missing or empty: scope");
        }

        var method = parameters.GetValueOrDefault("code_challenge_method");
        if (profile.SupportsPkce && parameters.ContainsKey("code_challenge") && method is not null
            && method is not "S256" and not "plain")
        {
            return ("invalid_request", "code_challenge_method must be S256 or plain.");
        }

        return null;
    }

    private static IResult Allow(
        AuthorizeProfile profile, Dictionary<string, string> parameters, SandboxStore store, string rawAccount)
    {
        var scopes = AuthorizeProfile.SplitScopes(parameters["scope"]);
        var product = profile.ProductFor(scopes);
        var account = store.GetAccount(product, rawAccount);
        var code = store.IssueCode(
            new AuthCode
            {
                Value = "",
                Provider = profile.Provider,
                ClientId = parameters["client_id"],
                RedirectUri = parameters["redirect_uri"],
                Product = product,
                AccountId = account.Id,
                Scopes = scopes,
                ExpiresAt = store.Now,
                CodeChallenge = profile.SupportsPkce ? parameters.GetValueOrDefault("code_challenge") : null,
                CodeChallengeMethod = parameters.GetValueOrDefault("code_challenge_method"),
                Offline = profile.Provider != Providers.Google
                    || string.Equals(parameters.GetValueOrDefault("access_type"), "offline", StringComparison.Ordinal),
            },
            profile.CodePrefix);
        var query = new Dictionary<string, StringValues> { ["code"] = code };
        AddExtras(profile, parameters, account, query);
        return TypedResults.Redirect(QueryHelpers.AddQueryString(parameters["redirect_uri"], query));
    }

    private static void AddExtras(
        AuthorizeProfile profile, Dictionary<string, string> parameters, Account account,
        Dictionary<string, StringValues> query)
    {
        if (parameters.TryGetValue("state", out var state))
        {
            query["state"] = state;
        }

        if (profile.Provider is Providers.Google or Providers.Stripe)
        {
            query["scope"] = string.Join(' ', AuthorizeProfile.SplitScopes(parameters["scope"]));
        }

        if (profile.Provider == Providers.QuickBooks)
        {
            query["realmId"] = account.Id;
        }
    }

    private static IResult Deny(AuthorizeProfile profile, Dictionary<string, string> parameters)
    {
        var query = new Dictionary<string, StringValues> { ["error"] = "access_denied" };
        if (profile.DenyDescription is { } description)
        {
            query["error_description"] = description;
        }

        if (profile.Provider == Providers.Meta)
        {
            query["error_reason"] = "user_denied";
            query["error_code"] = "200";
        }

        if (parameters.TryGetValue("state", out var state))
        {
            query["state"] = state;
        }

        return TypedResults.Redirect(QueryHelpers.AddQueryString(parameters["redirect_uri"], query));
    }
}
