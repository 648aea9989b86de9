using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Connectors.Gateway;

/// <summary>Browser hardening headers and the request body limit of the public API.</summary>
internal static class HttpProtection
{
    /// <summary>The largest request body accepted on <c>/api</c>.</summary>
    public const long MaxApiBodyBytes = 1024 * 1024;

    private const string ContentSecurityPolicy =
        "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy);
                headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
                headers.TryAdd("Referrer-Policy", "no-referrer");
                headers.TryAdd(HeaderNames.XFrameOptions, "DENY");
                return Task.CompletedTask;
            });
            return next(context);
        });

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                if (context.Request.ContentLength > MaxApiBodyBytes)
                {
                    await GatewayProblems.WriteAsync(
                        context,
                        StatusCodes.Status413PayloadTooLarge,
                        "Request body too large",
                        $"Request bodies on /api are limited to {MaxApiBodyBytes / 1024} KiB.");
                    return;
                }

                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = MaxApiBodyBytes;
                }
            }

            await next(context);
        });
}
