using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Connectors.Gateway.Authentication;

/// <summary>
/// Two ways in: an API key (bearer) for API clients, a session cookie for the dashboard. A request that carries an
/// Authorization header is judged by the key alone.
/// </summary>
public static partial class GatewayAuthentication
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string SessionCookieName = "connectors.session";

    public const string LoginPath = "/dashboard/login";

    public const string CsrfHeader = "X-Requested-With";

    public const string CsrfValue = "connectors";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<ApiKeyValidator>();
        // The API-key scheme is the default and hands requests without an Authorization header to the cookie
        // scheme itself: a policy scheme in front would cost every API request one more handler.
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName,
                options => options.ForwardDefaultSelector = context =>
                    string.IsNullOrEmpty(context.Request.Headers.Authorization) ? CookieScheme : null)
            .AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<PublicUrlOptions>, IOptions<GatewayOptions>>(ConfigureCookie);
        services.AddAuthorization(options => options.DefaultPolicy = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireClaim(GatewayPrincipal.ProjectClaim)
            .Build());
        return services;
    }

    /// <summary>True when the request was authenticated by the dashboard's session cookie.</summary>
    public static bool IsCookieSession(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme };

    private static void ConfigureCookie(
        CookieAuthenticationOptions cookie,
        IOptions<PublicUrlOptions> publicUrl,
        IOptions<GatewayOptions> gateway)
    {
        cookie.Cookie.Name = SessionCookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = publicUrl.Value.IsHttps
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(gateway.Value.SessionHours);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = LoginPath;
        cookie.Events.OnRedirectToLogin = ChallengeAsync;
        cookie.Events.OnRedirectToAccessDenied = context => GatewayProblems.WriteAsync(
            context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "This session may not do that.");
    }

    /// <summary>
    /// A person opening a page that needs a session is sent to the sign-in page and brought back afterwards; every
    /// other unauthenticated request gets a 401 problem.
    /// </summary>
    private static Task ChallengeAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (IsBrowserNavigation(request) && IsSignInTarget(request.Path))
        {
            var returnUrl = request.PathBase + request.Path + request.QueryString;
            context.Response.Redirect(LoginPath + QueryString.Create("returnUrl", returnUrl));
            return Task.CompletedTask;
        }

        return GatewayProblems.WriteAsync(
            context.HttpContext,
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            "Send Authorization: Bearer <api key>, or sign in at " + LoginPath + ".");
    }

    private static bool IsBrowserNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.Any(accept =>
            accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static bool IsSignInTarget(PathString path) =>
        path.Equals("/dashboard/sensors", StringComparison.OrdinalIgnoreCase)
        || AuthorizePath().IsMatch(path.Value ?? "");

    [GeneratedRegex("^/api/connectors/[^/]+/auth$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizePath();

    /// <summary>
    /// Cookie-authenticated unsafe requests must carry <c>X-Requested-With: connectors</c>, which a cross-site form
    /// cannot send: the dashboard's own fetch calls do.
    /// </summary>
    public static IApplicationBuilder UseCsrfGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (NeedsCsrfHeader(context) && context.Request.Headers[CsrfHeader] != CsrfValue)
            {
                await GatewayProblems.WriteAsync(
                    context,
                    StatusCodes.Status403Forbidden,
                    "Forbidden",
                    $"Requests made with the dashboard session must send the header {CsrfHeader}: {CsrfValue}.");
                return;
            }

            await next(context);
        });

    private static bool NeedsCsrfHeader(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method)
        && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method)
        && !context.Request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase)
        && IsCookieSession(context);
}
