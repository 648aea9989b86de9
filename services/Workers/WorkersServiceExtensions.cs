using Connectors.Messaging;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Platforms;
using Connectors.ServiceDefaults.Security;
using Connectors.Workers.Consumers;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Platforms;
using Connectors.Workers.Sync;
using Connectors.Workers.Tokens;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectors.Workers;

public static class WorkersServiceExtensions
{
    /// <summary>Everything the worker needs: database, tokens, platform clients and the sync queues.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgres();
        builder.AddTrustedCallers();
        builder.AddPlatforms();
        builder.AddOutbox(WorkersDatabase.Schema);
        builder.AddWorkerOptions();

        builder.Services.AddHttpClient<TokenClient>((services, http) =>
            http.BaseAddress = services.GetRequiredService<IOptions<ServicesOptions>>().Value.OAuth);
        builder.Services.AddSingleton<PlatformCaller>();
        builder.Services.AddSingleton<IStreamCursors, StreamCursorRepository>();
        builder.Services.AddSingleton<ILandingRepository, LandingRepository>();
        builder.Services.AddSingleton<StreamLanding>();
        builder.Services.AddSingleton<SyncLedger>();
        builder.Services.AddSingleton<SyncLeases>();
        builder.Services.AddScoped<SyncRunner>();
        builder.Services.AddPlatformSyncers();
        builder.Services.AddSingleton<WorkersMetrics>();
        builder.Services.AddPublishObserver<SyncOutcomeObserver>();

        builder.AddMessaging(
            bus =>
            {
                bus.AddConsumer<SyncRequestedConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<ConnectorDisconnectedConsumer, ConnectorDisconnectedConsumerDefinition>();
            },
            ConfigureSyncQueues);
        return builder;
    }

    /// <summary>Creates the outbox and inbox tables before the bus and the relay start.</summary>
    public static Task EnsureOutboxTablesAsync(this WebApplication app) => OutboxRelay.EnsureTablesAsync(
        app.Services.GetRequiredService<NpgsqlDataSource>(), WorkersDatabase.Schema, app.Lifetime.ApplicationStopping);

    private static void AddWorkerOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkersOptions>()
            .Bind(builder.Configuration.GetSection(WorkersOptions.SectionName))
            .PostConfigure(options => options.Platforms = options.Platforms.Count == 0
                ? [.. PlatformSyncers.Implemented]
                : [.. options.Platforms.Select(type => type.Trim()).Distinct(StringComparer.Ordinal)])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkersOptions>, WorkersOptionsValidator>();
        builder.Services.AddOptions<SyncOptions>()
            .Bind(builder.Configuration.GetSection(SyncOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ServicesOptions>()
            .Bind(builder.Configuration.GetSection(ServicesOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(options => options.OAuth.IsAbsoluteUri, "The setting Services:OAuth must be an absolute URL.")
            .ValidateOnStart();
    }

    private static void ConfigureSyncQueues(IBusRegistrationContext context, IRabbitMqBusFactoryConfigurator rabbit)
    {
        var options = context.GetRequiredService<IOptions<WorkersOptions>>().Value;
        foreach (var type in options.Platforms)
        {
            rabbit.SyncRequestEndpoint<SyncRequestedConsumer>(context, type, endpoint =>
            {
                endpoint.PrefetchCount = options.PrefetchCount;
                endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                endpoint.UseMessageRetry(retry => retry.Intervals(
                    TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
            });
        }
    }
}

/// <summary>Stops the service at start when it is asked to serve a platform it cannot sync.</summary>
internal sealed class WorkersOptionsValidator(IOptionsMonitor<PlatformOptions> platforms)
    : IValidateOptions<WorkersOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkersOptions options)
    {
        var failures = new List<string>();
        foreach (var type in options.Platforms)
        {
            if (!PlatformSyncers.Implemented.Contains(type))
            {
                failures.Add($"The setting Workers:Platforms names '{type}', which this worker cannot sync; "
                    + $"valid: {string.Join(", ", PlatformSyncers.Implemented)}.");
            }
            else if (!Uri.TryCreate(platforms.Get(type).ApiBaseUrl, UriKind.Absolute, out _))
            {
                failures.Add($"The setting Platforms:{type}:ApiBaseUrl must be an absolute URL.");
            }
            else if (PlatformSyncers.Versioned.Contains(type)
                && string.IsNullOrWhiteSpace(platforms.Get(type).ApiVersion))
            {
                failures.Add($"The setting Platforms:{type}:ApiVersion must be set.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
