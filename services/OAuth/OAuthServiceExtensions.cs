using Connectors.Contracts;
using Connectors.OAuth.Authorization;
using Connectors.OAuth.Credentials;
using Connectors.OAuth.Data;
using Connectors.OAuth.Endpoints;
using Connectors.OAuth.Options;
using Connectors.OAuth.Platforms;
using Connectors.OAuth.Registry;
using Connectors.OAuth.Security;
using Connectors.OAuth.Tokens;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Platforms;
using Connectors.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth;

public static class OAuthServiceExtensions
{
    /// <summary>The schema this service owns.</summary>
    public const string Schema = "oauth";

    public static IHostApplicationBuilder AddOAuthServices(this IHostApplicationBuilder builder)
    {
        builder.AddPostgres();
        builder.AddTrustedCallers();
        builder.AddPlatforms();
        builder.AddOAuthOptions();

        var services = builder.Services;
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<IAuthorizationStateRepository, AuthorizationStateRepository>();
        services.AddSingleton<ICredentialRepository, CredentialRepository>();
        services.AddSingleton<CredentialVault>();
        services.AddSingleton<ICredentialKeyRepository, CredentialKeyRepository>();
        services.AddSingleton<CredentialReencryptor>();
        services.AddHostedService<ReencryptionService>();
        services.AddSingleton<BrowserBinding>();
        services.AddScoped<AuthorizationFlow>();
        services.AddScoped<CredentialService>();
        services.AddSingleton<RefreshFlights>();
        services.AddSingleton<OAuthMetrics>();
        services.AddScoped<TokenService>();
        services.AddPlatformClients();
        services.AddHttpClient<RegistryClient>((provider, client) =>
        {
            client.BaseAddress = new Uri(provider.GetRequiredService<IOptions<ServicesOptions>>().Value.Registry
                .TrimEnd('/') + "/");
            client.Timeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    public static WebApplication MapOAuthEndpoints(this WebApplication app)
    {
        app.MapAuthorizationEndpoints();
        app.MapCredentialEndpoints();
        app.MapTokenEndpoints();
        return app;
    }

    private static void AddOAuthOptions(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<OAuthOptions>()
            .Bind(configuration.GetSection(OAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ServicesOptions>()
            .Bind(configuration.GetSection(ServicesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PublicOptions>()
            .Bind(configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<EncryptionOptions>()
            .Bind(configuration.GetSection(EncryptionOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>();
    }

    /// <summary>One platform class and one named HTTP client (with the platform timeout) per connector type.</summary>
    private static void AddPlatformClients(this IServiceCollection services)
    {
        services.AddSingleton<PlatformContext>();
        services.AddSingleton<IPlatform, GoogleAdsPlatform>();
        services.AddSingleton<IPlatform, GoogleAnalyticsPlatform>();
        services.AddSingleton<IPlatform, HubSpotPlatform>();
        services.AddSingleton<IPlatform, StripePlatform>();
        services.AddSingleton<IPlatform, MetaAdsPlatform>();
        services.AddSingleton<IPlatform, LinkedInAdsPlatform>();
        services.AddSingleton<IPlatform, QuickBooksPlatform>();
        services.AddSingleton<PlatformCatalog>();
        foreach (var type in ConnectorTypes.All)
        {
            services.AddHttpClient(type, (provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<OAuthOptions>>().Value.PlatformTimeout);
        }
    }
}
