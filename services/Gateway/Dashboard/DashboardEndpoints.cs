using Connectors.Gateway.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Connectors.Gateway.Dashboard;

/// <summary>The dashboard's pages: sign-in, sign-out and the sensors page.</summary>
public static class DashboardEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";

    private const string SensorsFile = "dashboard/sensors.html";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.LocalRedirect(LocalUrl.Home));
        app.MapGet("/dashboard", () => TypedResults.LocalRedirect(LocalUrl.Home));
        app.MapGet(LocalUrl.Home, SensorsPage).RequireAuthorization();

        var login = app.MapGroup(GatewayAuthentication.LoginPath).DisableAntiforgery();
        login.MapGet("", ShowLogin);
        login.MapPost("", SignInAsync);
        app.MapPost("/dashboard/logout", (Delegate)SignOutAsync).DisableAntiforgery();
        return app;
    }

    public static Results<FileStreamHttpResult, NotFound> SensorsPage(
        HttpContext context,
        IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(SensorsFile);
        if (!file.Exists)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(file.CreateReadStream(), HtmlType);
    }

    public static ContentHttpResult ShowLogin(string? returnUrl) =>
        TypedResults.Content(LoginPage.Render(null, returnUrl), HtmlType);

    public static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> SignInAsync(
        HttpContext context,
        ApiKeyValidator validator,
        IOptions<PublicUrlOptions> publicUrl,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!IsSameOrigin(context.Request, publicUrl.Value) || !context.Request.HasFormContentType)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "Sign in from the sign-in page of this site.");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var returnUrl = form["returnUrl"].ToString();
        var project = await validator.FindProjectAsync(form["apiKey"].ToString().Trim(), cancellationToken);
        var logger = loggers.CreateLogger(typeof(DashboardEndpoints));
        if (project is not { } projectId)
        {
            Log.SignInRefused(logger);
            var page = LoginPage.Render(
                "That API key was not accepted. Check that you pasted the whole key, starting with cnk_, "
                + "and that it has not been revoked.",
                returnUrl);
            return TypedResults.Content(page, HtmlType, statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(
            GatewayAuthentication.CookieScheme,
            GatewayPrincipal.For(projectId, GatewayAuthentication.CookieScheme));
        Log.SignedIn(logger, projectId);
        return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

    public static async Task<RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(GatewayAuthentication.CookieScheme);
        return TypedResults.LocalRedirect(GatewayAuthentication.LoginPath);
    }

    /// <summary>
    /// Browsers send Origin on form posts: a post from another site (a login forgery) is refused. Clients that send
    /// no Origin are not browsers and gain nothing from a forged sign-in. Under a <c>no-referrer</c> policy a browser
    /// sends <c>Origin: null</c> even from our own page; then only its <c>Sec-Fetch-Site</c> can vouch for the post.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request, PublicUrlOptions publicUrl)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (origin == "null")
        {
            return request.Headers["Sec-Fetch-Site"] == "same-origin";
        }

        var own = $"{request.Scheme}://{request.Host}";
        var published = publicUrl.PublicBaseUrl?.GetLeftPart(UriPartial.Authority);
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || string.Equals(origin, published, StringComparison.OrdinalIgnoreCase);
    }
}
