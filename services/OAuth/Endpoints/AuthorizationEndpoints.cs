using Connectors.OAuth.Authorization;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.OAuth.Endpoints;

/// <summary>The browser side of OAuth: <c>/api/connectors/{type}/auth</c> and <c>/callback</c>.</summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapAuthorizationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connectors/{type}").WithTags("Authorization");
        group.MapGet("/auth", StartAsync).RequireProject();
        group.MapGet("/callback", CallbackAsync);
        return app;
    }

    /// <summary>Sends the browser to the platform's consent screen.</summary>
    public static async Task<RedirectHttpResult> StartAsync(
        string type,
        TrustedCaller caller,
        HttpContext context,
        BrowserBinding browser,
        AuthorizationFlow flow,
        CancellationToken cancellationToken)
    {
        var url = await flow.StartAsync(caller.Project, type, browser.GetOrCreate(context), cancellationToken);
        return TypedResults.Redirect(url.AbsoluteUri);
    }

    /// <summary>Where the platform sends the browser back; it never answers with a secret.</summary>
    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> CallbackAsync(
        string type,
        HttpContext context,
        AuthorizationFlow flow,
        CancellationToken cancellationToken)
    {
        var query = context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        var outcome = await flow.CompleteAsync(type, query, BrowserBinding.Read(context), cancellationToken);
        return outcome switch
        {
            CallbackOutcome.Redirect redirect => TypedResults.Redirect(redirect.Url),
            CallbackOutcome.Refused refused => TypedResults.Content(
                CallbackPage.Render(refused), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest),
            _ => throw new InvalidOperationException("Unknown callback outcome."),
        };
    }
}
