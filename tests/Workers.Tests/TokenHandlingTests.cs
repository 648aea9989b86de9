using Connectors.Contracts;
using Connectors.Workers.Tests.Fakes;
using Connectors.Workers.Tests.Infrastructure;
using Xunit;

namespace Connectors.Workers.Tests;

public sealed class TokenHandlingTests(TokenHandlingTests.Fixture fixture) : IClassFixture<TokenHandlingTests.Fixture>
{
    [Fact]
    public async Task Sync_PlatformRejectsTheFirstToken_ForcesOneRefreshAndSucceeds()
    {
        var project = SeedStripe(out var account);
        account.RejectFirstToken = true;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Succeeded, completed.Status);
        var refresh = Assert.Single(fixture.OAuth.Calls, call => call.ProjectId == project && call.ForceRefresh);
        Assert.Equal($"stripe.{project:N}.1", refresh.RejectedAccessToken);
        Assert.Equal(2, await fixture.CountAsync("stripe_charges", project));
    }

    [Fact]
    public async Task Sync_PlatformRejectsTheRefreshedTokenToo_FailsWithAuth()
    {
        var project = SeedStripe(out var account);
        account.RejectAllTokens = true;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Failed, completed.Status);
        Assert.Equal(FailureClass.Auth, completed.Error!.Class);
        Assert.Single(fixture.OAuth.Calls, call => call.ProjectId == project && call.ForceRefresh);
        Assert.DoesNotContain($"stripe.{project:N}", completed.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("stripe_charges", project));
    }

    [Fact]
    public async Task Sync_GrantRevoked_PublishesSkippedWithoutCallingThePlatform()
    {
        var project = SeedStripe(out var account);
        fixture.OAuth.Revoked[project] = true;

        var completed = await fixture.SyncAsync(project, ConnectorTypes.Stripe);

        Assert.Equal(SyncOutcome.Skipped, completed.Status);
        Assert.Equal(new SyncError { Class = FailureClass.Auth, Message = FakeOAuth.RevokedReason }, completed.Error);
        Assert.Empty(completed.Streams);
        Assert.Equal(0, account.Calls);
        Assert.Equal(0, await fixture.CountAsync("stripe_charges", project));
    }

    private Guid SeedStripe(out FakeAccount account)
    {
        var project = Guid.NewGuid();
        account = fixture.Platforms.Account(project);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        account.Stripe["charges"].Add(new FakeStripeObject { Id = "ch_1", Created = now - 10, Amount = 100 });
        account.Stripe["charges"].Add(new FakeStripeObject { Id = "ch_2", Created = now - 5, Amount = 200 });
        return project;
    }

    public sealed class Fixture : WorkerFixture;
}
