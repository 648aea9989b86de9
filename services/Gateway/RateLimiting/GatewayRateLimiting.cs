using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Connectors.Gateway.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connectors.Gateway.RateLimiting;

/// <summary>
/// Token buckets in front of every route: one per authenticated project, one per client address for anonymous
/// requests and another per address for the OAuth callback. Health probes are never limited.
/// </summary>
public static partial class GatewayRateLimiting
{
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(config.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((options, limits) =>
            {
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                    context => Partition(context, limits.Value));
                options.OnRejected = RejectAsync;
            });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        if (GatewayPrincipal.ProjectId(context.User) is { } projectId)
        {
            return Bucket("project:" + projectId.ToString("D"), limits.PermitsPerSecond, limits.Burst);
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var area = CallbackPath().IsMatch(path.Value ?? "") ? "callback:" : "anonymous:";
        return Bucket(area + address, limits.AnonymousPermitsPerSecond, limits.AnonymousBurst);
    }

    private static RateLimitPartition<string> Bucket(string key, int permitsPerSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = permitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var context = rejected.HttpContext;
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        await GatewayProblems.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"The request rate limit was reached. Retry after {seconds} s.");
    }

    [GeneratedRegex("^/api/connectors/[^/]+/callback$", RegexOptions.CultureInvariant)]
    private static partial Regex CallbackPath();
}
