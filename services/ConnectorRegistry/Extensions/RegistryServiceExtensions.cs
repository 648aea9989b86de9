using Connectors.ConnectorRegistry.Application;
using Connectors.ConnectorRegistry.Consumers;
using Connectors.ConnectorRegistry.Credentials;
using Connectors.ConnectorRegistry.Data;
using Connectors.ConnectorRegistry.Expiry;
using Connectors.Messaging;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Security;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorRegistry.Extensions;

public static class RegistryServiceExtensions
{
    /// <summary>The registry's PostgreSQL schema.</summary>
    public const string Schema = "registry";

    public static IHostApplicationBuilder AddRegistryServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgres();
        builder.AddTrustedCallers();
        builder.AddOutbox(Schema);
        builder.AddMessaging(bus => bus.AddConsumer<RecordSyncOutcomeConsumer, RecordSyncOutcomeConsumerDefinition>());

        builder.Services.AddOptions<ServicesOptions>()
            .Bind(builder.Configuration.GetSection(ServicesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PublicUrlOptions>()
            .Bind(builder.Configuration)
            .ValidateDataAnnotations()
            .Validate(
                options => options.PublicBaseUrl is { IsAbsoluteUri: true },
                "The setting PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();

        builder.Services.AddOptions<TokenExpiryOptions>()
            .Bind(builder.Configuration.GetSection(TokenExpiryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenExpiryWarnings>();
        builder.Services.AddHostedService<TokenExpiryMonitor>();

        // Malformed bodies reach the shared problem handler, which explains them in one consistent way.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.AddSingleton<IConnectorRepository, ConnectorRepository>();
        builder.Services.AddScoped<ConnectorService>();
        builder.Services.AddHttpClient<CredentialsClient>((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<ServicesOptions>>().Value;
            http.BaseAddress = options.OAuth;
            http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        });
        return builder;
    }
}
