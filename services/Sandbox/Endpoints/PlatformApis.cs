namespace Connectors.Sandbox.Endpoints;

internal static class PlatformApis
{
    public static IEndpointRouteBuilder MapPlatformApis(this IEndpointRouteBuilder app)
    {
        app.MapGoogleAdsApi();
        app.MapAnalyticsApi();
        app.MapHubSpotApi();
        app.MapStripeApi();
        app.MapMetaApi();
        app.MapLinkedInApi();
        app.MapQuickBooksApi();
        return app;
    }
}
