using Connectors.Contracts;

namespace Connectors.Platforms.Tests;

/// <summary>The scenarios of platforms connected through OAuth: tokens that expire and refreshes that race.</summary>
public abstract class OAuthPlatformScenarios(PlatformsFixture fixture, PlatformCase platform)
    : PlatformScenarios(fixture, platform)
{
    [Fact]
    public async Task Sync_TokenExpiresMidPaging_EndsAsThePlatformAllows()
    {
        var connection = await Steps.ConnectNewAsync("token expiry");
        await Steps.Sandbox.ArmFaultAsync(Platform.Type, connection.Account,
            new { kind = "expire_token", stream = Platform.PagedStream, atPage = 2 });

        var completion = await Steps.SyncAsync(connection);

        var requests = await Steps.RequestsAsync(connection.Account);
        Assert.Contains(requests, r => r.Kind == "data" && r.Status is 401 or 400);
        if (Platform.ExpiredTokenIsFinal)
        {
            // An expired Meta token cannot be exchanged: only connecting again brings the connector back.
            Assert.Equal(SyncOutcome.Failed, completion.Status);
            Assert.Equal(FailureClass.Auth, completion.Error?.Class);
            var connector = await Steps.ConnectorAsync(connection);
            Assert.Equal("reauth_required", connector?.Status);
            Assert.False(string.IsNullOrWhiteSpace(connector?.StatusReason));
        }
        else
        {
            Assert.Equal(SyncOutcome.Succeeded, completion.Status);
            await AssertLandedExactlyAsync(connection, completion);
            Assert.Single(requests, r => r.Kind == "refresh" && r.Status == 200);
            Assert.Equal("connected", (await Steps.ConnectorAsync(connection))?.Status);
        }
    }

    [Fact]
    public async Task Token_TwoInstancesRefreshAtOnce_OneRefreshCallAndNewTokensStored()
    {
        var connection = await Steps.ConnectNewAsync("concurrent refresh");
        var (first, second) = await Fixture.OAuthInstancesAsync();
        var (_, current) = await Steps.TokenAsync(first, connection.ProjectId, false, null);
        var stored = await Steps.CredentialAsync(connection.ProjectId);
        var refreshesBefore = await RefreshCallsAsync(connection);

        var answers = await Task.WhenAll(
            Steps.TokenAsync(first, connection.ProjectId, true, current),
            Steps.TokenAsync(second, connection.ProjectId, true, current));

        Assert.All(answers, answer => Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status));
        Assert.Equal(answers[0].AccessToken, answers[1].AccessToken);
        Assert.NotEqual(current, answers[0].AccessToken);
        Assert.Equal(refreshesBefore + 1, await RefreshCallsAsync(connection));
        var refreshed = await Steps.CredentialAsync(connection.ProjectId);
        Assert.NotEqual(stored!.Ciphertext, refreshed!.Ciphertext);
        Assert.True(refreshed.UpdatedAt > stored.UpdatedAt);
        var (_, afterwards) = await Steps.TokenAsync(second, connection.ProjectId, false, null);
        Assert.Equal(answers[0].AccessToken, afterwards);
    }

    private async Task<int> RefreshCallsAsync(Connection connection) =>
        (await Steps.RequestsAsync(connection.Account)).Count(r => r.Kind == "refresh");
}
