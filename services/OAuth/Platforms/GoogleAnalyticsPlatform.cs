using Connectors.Contracts;

namespace Connectors.OAuth.Platforms;

/// <summary>Google Analytics 4: the account is the first property of the first account summary.</summary>
public sealed class GoogleAnalyticsPlatform(PlatformContext context) : GooglePlatform(context)
{
    public override string Type => ConnectorTypes.GoogleAnalytics;

    public override string DisplayName => "Google Analytics";

    public override async Task<ConnectedAccount> LookUpAccountAsync(
        TokenGrant grant,
        CancellationToken cancellationToken)
    {
        var url = $"{Options.AdminApiBaseUrl.TrimEnd('/')}/v1beta/accountSummaries";
        var summaries = await ApiAsync(
            PlatformHttp.Bearer(HttpMethod.Get, url, grant.AccessToken), "the account summaries", cancellationToken);
        var property = summaries.Items("accountSummaries")
            .Select(account => account.First("propertySummaries"))
            .FirstOrDefault(found => found is not null);
        var propertyId = property?.String("property")
            ?? throw new PlatformException(
                PlatformFailure.Rejected, "This Google login reaches no Analytics property.");
        return new ConnectedAccount(
            property?.String("displayName") ?? propertyId,
            propertyId,
            new Dictionary<string, string>());
    }
}
