using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Health;
using Connectors.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Connectors.ServiceDefaults;

/// <summary>What every service of the product wires the same way: telemetry, health and problem details.</summary>
public static class Extensions
{
    /// <summary>The prefix of every activity source and meter the product's own code defines.</summary>
    public const string TelemetryPrefix = TelemetryExtensions.Prefix;

    private const string ReadyTag = "ready";

    /// <param name="builder">The service's builder.</param>
    /// <param name="spansOnlyWhenExported">
    /// Make spans only when an exporter takes them: for the gateway, which passes the trace context on without
    /// them (see <see cref="TelemetryExtensions.AddProductTelemetry"/>).
    /// </param>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, bool spansOnlyWhenExported = false)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddProductTelemetry(spansOnlyWhenExported);

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        builder.Services.AddDefaultProblemDetails();
        builder.Services.AddSystemHealth();

        return builder;
    }

    /// <summary>Adds a check that must pass before the service counts as ready to take traffic.</summary>
    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder builder, string name)
        where T : class, IHealthCheck => builder.AddCheck<T>(name, tags: [ReadyTag]);

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers) and <c>/health/ready</c> (its dependencies do: PostgreSQL,
    /// and the RabbitMQ bus, whose MassTransit check carries the <c>ready</c> tag; 503 unless all are healthy).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(
            "/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || check.Tags.Contains("live"),
            ResponseWriter = WriteHealthAsync,

            // A degraded dependency (e.g. the bus while its consumers reconnect) means the service cannot do its
            // work, so it is not ready either.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description });
        return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), checks });
    }
}
