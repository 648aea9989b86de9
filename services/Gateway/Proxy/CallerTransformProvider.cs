using Connectors.Gateway.Authentication;
using Connectors.ServiceDefaults.Security;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Connectors.Gateway.Proxy;

/// <summary>
/// Replaces what the client said about itself with what the gateway proved: the client's
/// <c>X-Connectors-Caller</c>, <c>Authorization</c> and session cookie never reach a backend; a fresh signature for
/// the authenticated project does (with no project on anonymous routes, i.e. the OAuth callback).
/// </summary>
internal sealed class CallerTransformProvider(CallerSignature signature) : ITransformProvider
{
    private const StringSplitOptions SplitOptions =
        StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries;

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var anonymous = string.Equals(
            context.Route.AuthorizationPolicy, SecureRoutesConfigFilter.Anonymous, StringComparison.OrdinalIgnoreCase);
        context.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            headers.Remove(CallerSignature.HeaderName);
            headers.Remove(HeaderNames.Authorization);
            ForwardCookiesWithoutSession(transform);
            Guid? project = anonymous ? null : RequireProject(transform.HttpContext);
            headers.TryAddWithoutValidation(CallerSignature.HeaderName, signature.Sign(project));
            return ValueTask.CompletedTask;
        });
    }

    private static Guid RequireProject(HttpContext context) =>
        GatewayPrincipal.ProjectId(context.User)
        ?? throw new InvalidOperationException("An authenticated route was reached without a project.");

    private static void ForwardCookiesWithoutSession(RequestTransformContext transform)
    {
        var cookies = transform.HttpContext.Request.Headers.Cookie;
        if (StringValues.IsNullOrEmpty(cookies))
        {
            // API clients send none: nothing to copy, nothing to take out.
            return;
        }

        var headers = transform.ProxyRequest.Headers;
        headers.Remove(HeaderNames.Cookie);
        var kept = cookies
            .SelectMany(value => (value ?? "").Split(';', SplitOptions))
            .Where(pair => !IsSessionCookie(pair))
            .ToList();
        if (kept.Count > 0)
        {
            headers.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", kept));
        }
    }

    // The cookie handler splits large tickets into chunks named <name>C1, <name>C2, …
    private static bool IsSessionCookie(string pair)
    {
        var name = pair.Split('=', 2)[0].Trim();
        const string session = GatewayAuthentication.SessionCookieName;
        return name.Equals(session, StringComparison.Ordinal)
            || (name.StartsWith(session + "C", StringComparison.Ordinal)
                && name.Length > session.Length + 1
                && name[(session.Length + 1)..].All(char.IsAsciiDigit));
    }
}
