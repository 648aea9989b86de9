using Connectors.Messaging;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Security;
using Connectors.SyncOrchestrator.Consumers;
using Connectors.SyncOrchestrator.Data;
using Connectors.SyncOrchestrator.Jobs;
using Connectors.SyncOrchestrator.Registry;
using Connectors.SyncOrchestrator.Runs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Connectors.SyncOrchestrator;

internal static class ServiceCollectionExtensions
{
    /// <summary>The PostgreSQL schema the orchestrator owns.</summary>
    public const string Schema = "sync";

    public static IHostApplicationBuilder AddSyncOrchestratorServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgres();
        builder.AddTrustedCallers();
        builder.AddOutbox(Schema);
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<SyncStartedConsumer, SyncStartedConsumerDefinition>();
            bus.AddConsumer<SyncCompletedConsumer, SyncCompletedConsumerDefinition>();
            bus.AddConsumer<SyncProgressedConsumer, SyncProgressedConsumerDefinition>();
            bus.AddConsumer<SyncRequestFaultedConsumer, SyncRequestFaultedConsumerDefinition>();
            bus.AddConsumer<SyncAttemptFailedConsumer, SyncAttemptFailedConsumerDefinition>();
            bus.AddConsumer<ConnectorDisconnectedConsumer, ConnectorDisconnectedConsumerDefinition>();
        });
        builder.AddOrchestratorOptions();
        builder.AddRegistryClient();

        builder.Services.AddSingleton<ISyncRunRepository, SyncRunRepository>();
        builder.Services.AddSingleton<SyncRunStarter>();
        builder.Services.AddSingleton<SyncRunProgress>();
        builder.Services.AddSingleton<SyncOrchestratorMetrics>();
        builder.Services.AddConsumeObserver<SyncOutcomeObserver>();
        builder.Services.AddHostedService<SyncQueueMonitor>();
        builder.Services.AddHostedService<RetryScheduler>();

        builder.AddSyncSchedule();
        return builder;
    }

    private static void AddOrchestratorOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncOptions>()
            .Bind(builder.Configuration.GetSection(SyncOptions.SectionName))
            .Validate(
                options => options.ScheduleInterval >= SyncOptions.MinimumInterval,
                $"The setting Sync:ScheduleInterval must be at least {SyncOptions.MinimumInterval}.")
            .Validate(
                options => options.ScheduleMisfireThreshold >= TimeSpan.FromSeconds(1),
                "The setting Sync:ScheduleMisfireThreshold must be at least 00:00:01.")
            .Validate(
                options => options.ClusterCheckinInterval >= TimeSpan.FromSeconds(1),
                "The setting Sync:ClusterCheckinInterval must be at least 00:00:01.")
            .Validate(
                options => options.RetryPollInterval >= TimeSpan.FromMilliseconds(100),
                "The setting Sync:RetryPollInterval must be at least 00:00:00.1.")
            .Validate(
                options => options.QueueMetricsInterval >= TimeSpan.FromSeconds(1),
                "The setting Sync:QueueMetricsInterval must be at least 00:00:01.")
            .ValidateOnStart();
        builder.Services.AddOptions<ServicesOptions>()
            .Bind(builder.Configuration.GetSection(ServicesOptions.SectionName))
            .Validate(
                options => options.Registry is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                "The setting Services:Registry must be the absolute http(s) URL of the connector registry.")
            .ValidateOnStart();
    }

    private static void AddRegistryClient(this IHostApplicationBuilder builder) =>
        builder.Services.AddHttpClient<IRegistryClient, RegistryClient>((services, http) =>
        {
            http.BaseAddress = services.GetRequiredService<IOptions<ServicesOptions>>().Value.Registry;
            http.Timeout = TimeSpan.FromSeconds(10);
        });
}
