namespace Connectors.Platforms.Tests;

[Collection(PlatformsCollection.Name)]
public sealed class GoogleAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.GoogleAds);

[Collection(PlatformsCollection.Name)]
public sealed class GoogleAnalyticsTests(PlatformsFixture fixture)
    : OAuthPlatformScenarios(fixture, Platforms.GoogleAnalytics);

[Collection(PlatformsCollection.Name)]
public sealed class HubSpotTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.HubSpot);

/// <summary>
/// Stripe is connected with a secret API key, which neither expires nor refreshes, so the token scenarios do not
/// apply; a key is not revoked through the API either (it is rolled in the dashboard).
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class StripeTests(PlatformsFixture fixture) : PlatformScenarios(fixture, Platforms.Stripe)
{
    [Fact(Skip = "Stripe lists by creation time only; a change to an object created before Sync:StripeLookbackDays "
        + "(a late refund, a paid invoice) needs the Events API, which neither the worker nor the sandbox speaks yet.")]
    public async Task Sync_OldObjectChanged_LandsTheChange()
    {
        var connection = await Steps.ConnectNewAsync("old object changed");
        await Steps.SyncAsync(connection);
        var mutation = await Steps.Sandbox.MutateAsync("stripe", connection.Account, "charges", update: 2, create: 0);

        var incremental = await Steps.SyncAsync(connection);

        var charges = incremental.Streams.Single(s => s.Stream == "charges");
        Assert.Equal(mutation.Updated.Order(), (await Steps.ChangedByAsync(
            connection.ProjectId, charges, incremental.SyncId)).Order());
    }
}

[Collection(PlatformsCollection.Name)]
public sealed class MetaAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.MetaAds);

[Collection(PlatformsCollection.Name)]
public sealed class LinkedInAdsTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.LinkedInAds);

[Collection(PlatformsCollection.Name)]
public sealed class QuickBooksTests(PlatformsFixture fixture) : OAuthPlatformScenarios(fixture, Platforms.QuickBooks);
