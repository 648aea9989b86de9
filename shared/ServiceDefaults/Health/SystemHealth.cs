using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connectors.ServiceDefaults.Health;

/// <summary>
/// The whole product's state as the gateway sees it: its own readiness and that of every backend named under
/// <c>Services</c> (<c>Services:Registry</c>, <c>Services:OAuth</c>, <c>Services:Orchestrator</c>,
/// <c>Services:Workers</c>), each asked at <c>/health/ready</c>. It answers up or down per service and nothing else
/// (no hosts, no errors), so it may stay open to unauthenticated probes. Answers are reused for a short time, so a
/// flood of probes does not become a flood of backend calls.
/// </summary>
public sealed class SystemHealth(
    IHttpClientFactory clients,
    IConfiguration configuration,
    HealthCheckService checks,
    TimeProvider time)
{
    public const string Path = "/health/system";

    internal const string ClientName = "system-health";

    private const string ServicesSection = "Services";

    private static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, SystemState State)? _last;

    public async Task<SystemState> CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < ReuseFor)
            {
                return last.State;
            }

            var state = await AskAllAsync(cancellationToken);
            _last = (now, state);
            return state;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SystemState> AskAllAsync(CancellationToken cancellationToken)
    {
        var backends = configuration.GetSection(ServicesSection).GetChildren()
            .Where(entry => Uri.TryCreate(entry.Value, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https")
            .Select(entry => (Name: entry.Key.ToLowerInvariant(), Url: new Uri(entry.Value!)))
            .ToList();
        var own = checks.CheckHealthAsync(
            check => check.Tags.Contains("ready") || check.Tags.Contains("live"), cancellationToken);
        var answers = await Task.WhenAll(backends.Select(backend => IsReadyAsync(backend.Url, cancellationToken)));

        var services = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["gateway"] = Word((await own).Status == HealthStatus.Healthy),
        };
        for (var i = 0; i < backends.Count; i++)
        {
            services[backends[i].Name] = Word(answers[i]);
        }

        return new SystemState(Word(services.Values.All(value => value == Up)), services);
    }

    private async Task<bool> IsReadyAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .GetAsync(new Uri(baseUrl, "/health/ready"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal const string Up = "up";

    private static string Word(bool up) => up ? Up : "down";

    /// <summary>Answers 200 when every service is up, 503 otherwise, with the state per service.</summary>
    internal static async Task<Results<Ok<SystemState>, JsonHttpResult<SystemState>>> HandleAsync(
        SystemHealth health,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var state = await health.CheckAsync(cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return state.Status == Up
            ? TypedResults.Ok(state)
            : TypedResults.Json(state, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The product's state: <c>up</c> when every service is, and <c>up</c>/<c>down</c> per service.</summary>
public sealed record SystemState(string Status, IReadOnlyDictionary<string, string> Services);

public static class SystemHealthExtensions
{
    internal static IServiceCollection AddSystemHealth(this IServiceCollection services)
    {
        services.AddHttpClient(SystemHealth.ClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        services.AddSingleton<SystemHealth>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Maps <c>GET /health/system</c>: open to probes, answering up or down per service only.</summary>
    public static IEndpointConventionBuilder MapSystemHealth(this IEndpointRouteBuilder app) =>
        app.MapGet(SystemHealth.Path, SystemHealth.HandleAsync).AllowAnonymous();
}
