namespace Connectors.Sandbox.Endpoints;

internal static class PlatformApis
{
    public static IEndpointRouteBuilder MapPlatformApis(this IEndpointRouteBuilder app)
    {
        app.MapGoogleAdsApi();
        app.MapHubSpotApi();
        app.MapStripeApi();
        app.MapAccountApis();
        return app;
    }
}
