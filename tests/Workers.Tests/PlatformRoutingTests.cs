using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class PlatformRoutingTests(PlatformRoutingTests.Fixture fixture)
    : IClassFixture<PlatformRoutingTests.Fixture>
{
    [Fact]
    public async Task Worker_ServingGoogleAdsOnly_NeverReceivesStripeRequests()
    {
        var project = Guid.NewGuid();
        fixture.Platforms.Account(project).Campaigns.Add(new FakeAdRow
        {
            Id = "101", Name = "Brand", Date = DateOnly.FromDateTime(DateTime.UtcNow), Clicks = 3,
        });
        var stripeSync = await fixture.Probe.RequestAsync(project, ConnectorTypes.Stripe);
        var googleSync = await fixture.Probe.RequestAsync(project, ConnectorTypes.GoogleAds);

        var google = await fixture.Probe.CompletedAsync(googleSync);
        var stripe = await fixture.Probe.StandInReceivedAsync(stripeSync);

        Assert.Equal(SyncOutcome.Succeeded, google.Status);
        Assert.Equal(ConnectorTypes.Stripe, stripe.Type);
        Assert.DoesNotContain(fixture.OAuth.Calls, call => call.Type == ConnectorTypes.Stripe);
        Assert.False(fixture.Probe.Inbox.Started.ContainsKey(stripeSync));
        Assert.Equal(1, await fixture.CountAsync("google_ads_campaign_daily", project));
    }

    public sealed class Fixture : WorkerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Workers:Platforms:0"] = ConnectorTypes.GoogleAds,
        };

        protected override string? StandInFor => ConnectorTypes.Stripe;
    }
}
