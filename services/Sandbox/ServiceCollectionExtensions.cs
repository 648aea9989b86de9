using Connectors.Sandbox.Data;
using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox;

internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxStore>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<ReportRuns>();
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<StripeFixtures>();
        services.AddSingleton<DataCatalog>();
        services.AddSingleton<StripeData>();
        services.AddSingleton<StripeEvents>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = null);
        return services;
    }
}
