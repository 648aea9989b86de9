using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Platforms.GoogleAds;
using Connectors.Workers.Platforms.GoogleAnalytics;
using Connectors.Workers.Platforms.HubSpot;
using Connectors.Workers.Platforms.LinkedInAds;
using Connectors.Workers.Platforms.MetaAds;
using Connectors.Workers.Platforms.QuickBooks;
using Connectors.Workers.Platforms.Stripe;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms;

/// <summary>
/// The platforms this worker can sync. Adding one takes a typed client, an <see cref="IPlatformSyncer"/> and a
/// line in each member below.
/// </summary>
public static class PlatformSyncers
{
    public static IReadOnlyList<string> Implemented { get; } =
    [
        ConnectorTypes.GoogleAds, ConnectorTypes.GoogleAnalytics, ConnectorTypes.HubSpot, ConnectorTypes.Stripe,
        ConnectorTypes.MetaAds, ConnectorTypes.LinkedInAds, ConnectorTypes.QuickBooks,
    ];

    /// <summary>The platforms whose clients put <c>Platforms:{type}:ApiVersion</c> in every request.</summary>
    public static IReadOnlyList<string> Versioned { get; } =
    [
        ConnectorTypes.GoogleAds, ConnectorTypes.GoogleAnalytics, ConnectorTypes.MetaAds, ConnectorTypes.LinkedInAds,
        ConnectorTypes.QuickBooks,
    ];

    public static IServiceCollection AddPlatformSyncers(this IServiceCollection services)
    {
        services.AddPlatform<GoogleAdsClient, GoogleAdsSyncer>(ConnectorTypes.GoogleAds);
        services.AddPlatform<HubSpotClient, HubSpotSyncer>(ConnectorTypes.HubSpot);
        services.AddPlatform<StripeClient, StripeSyncer>(ConnectorTypes.Stripe);
        services.AddPlatform<GoogleAnalyticsClient, GoogleAnalyticsSyncer>(ConnectorTypes.GoogleAnalytics);
        services.AddPlatform<MetaAdsClient, MetaAdsSyncer>(ConnectorTypes.MetaAds);
        services.AddPlatform<LinkedInAdsClient, LinkedInAdsSyncer>(ConnectorTypes.LinkedInAds);
        services.AddPlatform<QuickBooksClient, QuickBooksSyncer>(ConnectorTypes.QuickBooks);
        return services;
    }

    private static void AddPlatform<TClient, TSyncer>(this IServiceCollection services, string type)
        where TClient : class
        where TSyncer : class, IPlatformSyncer
    {
        services.AddHttpClient<TClient>((provider, http) =>
            http.BaseAddress = BaseAddress(provider.GetRequiredService<IOptionsMonitor<PlatformOptions>>().Get(type)));
        services.AddKeyedScoped<IPlatformSyncer, TSyncer>(type);
    }

    // A trailing slash keeps a path prefix (the sandbox's /stripe/api) when relative paths are resolved against it.
    private static Uri BaseAddress(PlatformOptions options) => new(options.ApiBaseUrl.TrimEnd('/') + "/");
}
