using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Connectors.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs of every service, wired once: ASP.NET Core, HttpClient (YARP included), Npgsql,
/// MassTransit and the product's own <c>Connectors.*</c> sources and meters. W3C trace context flows through HTTP
/// headers, the outbox rows and MassTransit's message headers, so one user action is one trace. Nothing leaves the
/// process unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a <see cref="TelemetryOptions"/> file) is set, and what
/// nothing would export is not collected: metric instruments are recorded, and log records handed to OpenTelemetry,
/// only when an exporter takes them. Spans are always made (MassTransit carries trace context only while its spans
/// are listened to, and console logs name the trace) unless the service asks for them only when exported.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The prefix of every activity source and meter the product's own code defines.</summary>
    public const string Prefix = "Connectors.";

    /// <summary>MassTransit's activity source and meter.</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>The activity source YARP forwards requests under.</summary>
    public const string YarpSource = "Yarp.ReverseProxy";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="builder">The service's builder.</param>
    /// <param name="spansOnlyWhenExported">
    /// Make spans only when they are exported. For a service that passes requests on over HTTP alone (the
    /// gateway), whose downstream calls carry the trace context without spans of its own.
    /// </param>
    public static void AddProductTelemetry(this IHostApplicationBuilder builder, bool spansOnlyWhenExported = false)
    {
        var service = builder.Environment.ApplicationName;
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()
            ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        builder.AddTraceAwareLogging(otlp);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(service));
        if (otlp || !string.IsNullOrWhiteSpace(options.MetricFile))
        {
            telemetry.WithMetrics(metrics => metrics.AddProductMetrics(options, service));
        }

        if (otlp || !string.IsNullOrWhiteSpace(options.SpanFile) || !spansOnlyWhenExported)
        {
            telemetry.WithTracing(tracing => tracing.AddProductTracing(options, service));
        }
        else
        {
            builder.Services.AddTransient<IStartupFilter, SampledTraceRoots>();
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>
    /// Every log line carries the trace and span ids of the work it belongs to: as scopes on the console, as
    /// fields of the OpenTelemetry log record when exported.
    /// </summary>
    private static void AddTraceAwareLogging(this IHostApplicationBuilder builder, bool otlp)
    {
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        // Without a formatter name the console logger copies its own (obsolete) options over the formatter's, which
        // would turn the scopes off again.
        builder.Services.Configure<ConsoleLoggerOptions>(
            console => console.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(console => console.IncludeScopes = true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(console => console.IncludeScopes = true);
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
        }
    }

    private static void AddProductMetrics(this MeterProviderBuilder metrics, TelemetryOptions options, string service)
    {
        metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddNpgsqlInstrumentation()
            .AddMeter(Prefix + "*", MassTransitSource);
        if (!string.IsNullOrWhiteSpace(options.MetricFile))
        {
            var exporter = new MetricFileExporter(TelemetryOptions.Resolve(options.MetricFile, service));
            metrics.AddReader(new PeriodicExportingMetricReader(
                exporter, (int)options.MetricExportInterval.TotalMilliseconds));
        }
    }

    private static void AddProductTracing(this TracerProviderBuilder tracing, TelemetryOptions options, string service)
    {
        tracing
            .AddSource(service, Prefix + "*", MassTransitSource, YarpSource)
            .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsHealthPath(context.Request.Path))
            .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request =>
                !IsHealthPath(request.RequestUri?.AbsolutePath))
            .AddNpgsql();
        if (!string.IsNullOrWhiteSpace(options.SpanFile))
        {
            tracing.AddProcessor(new SimpleActivityExportProcessor(
                new SpanFileExporter(TelemetryOptions.Resolve(options.SpanFile, service), service)));
        }
    }

    // Probes poll health every few seconds; their spans would bury the traces of real work.
    private static bool IsHealthPath(string? path) =>
        path is not null && path.StartsWith("/health", StringComparison.Ordinal);

    /// <summary>Whether a database command belongs to traced work (a request, a message); polls are left out.</summary>
    internal static bool InTracedWork() => Activity.Current is not null;
}
