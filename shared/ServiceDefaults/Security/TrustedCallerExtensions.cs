using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.ServiceDefaults.Security;

public static class TrustedCallerExtensions
{
    /// <summary>Registers <see cref="CallerSignature"/>, validating <c>Internal:SigningKey</c> at start.</summary>
    public static IHostApplicationBuilder AddTrustedCallers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InternalOptions>()
            .Bind(builder.Configuration.GetSection(InternalOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                options => string.IsNullOrEmpty(options.SigningKey) || CallerSignature.IsValidKey(options.SigningKey),
                "The setting Internal:SigningKey must be a base64 key of at least 32 bytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CallerSignature>();
        return builder;
    }

    /// <summary>
    /// Refuses every request that does not carry a valid caller signature, i.e. that did not come through the
    /// gateway or another service of the product. Health endpoints stay open for probes.
    /// </summary>
    public static IApplicationBuilder UseTrustedCallers(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            var signature = context.RequestServices.GetRequiredService<CallerSignature>();
            if (!signature.TryVerify(context.Request.Headers[CallerSignature.HeaderName], out var caller))
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: "Requests must come through the gateway.").ExecuteAsync(context);
                return;
            }

            context.Features.Set(caller);
            await next(context);
        });

    /// <summary>Requires the caller to act for a project; answers 401 otherwise.</summary>
    public static TBuilder RequireProject<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<TrustedCaller>()?.ProjectId is null
                ? Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: "This endpoint acts for a project, and the request named none.")
                : await next(context));

    /// <summary>Signs an outgoing call to another service of the product as acting for a project (or none).</summary>
    public static HttpRequestMessage SignedFor(
        this HttpRequestMessage request,
        CallerSignature signature,
        Guid? project)
    {
        request.Headers.Remove(CallerSignature.HeaderName);
        request.Headers.Add(CallerSignature.HeaderName, signature.Sign(project));
        return request;
    }
}
