using Connectors.Contracts;
using Connectors.OAuth.Credentials;

namespace Connectors.OAuth.Platforms;

/// <summary>
/// LinkedIn: client credentials in the form; the account is the first ad account of the authenticated member,
/// read from the versioned REST API.
/// </summary>
public sealed class LinkedInAdsPlatform(PlatformContext context) : OAuthPlatform(context)
{
    private const string AccountUrnPrefix = "urn:li:sponsoredAccount:";

    public override string Type => ConnectorTypes.LinkedInAds;

    public override string DisplayName => "LinkedIn";

    public override async Task<ConnectedAccount> LookUpAccountAsync(
        TokenGrant grant,
        CancellationToken cancellationToken)
    {
        var api = $"{Options.ApiBaseUrl.TrimEnd('/')}/rest";
        var users = await ApiAsync(
            Request($"{api}/adAccountUsers?q=authenticatedUser", grant), "the member's ad accounts", cancellationToken);
        var urn = users.First("elements")?.String("account")
            ?? throw new PlatformException(PlatformFailure.Rejected, "This LinkedIn member has no ad account.");
        var id = urn.StartsWith(AccountUrnPrefix, StringComparison.Ordinal) ? urn[AccountUrnPrefix.Length..] : urn;

        var account = await ApiAsync(Request($"{api}/adAccounts/{id}", grant), "the ad account", cancellationToken);
        return new ConnectedAccount(account.String("name") ?? $"LinkedIn {id}", id, new Dictionary<string, string>());
    }

    public override Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
            ["token"] = GrantToken(secrets) ?? "",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, Options.RevokeUrl)
        {
            Content = new FormUrlEncodedContent(form),
        };
        return RevokeWithAsync(request, cancellationToken);
    }

    private HttpRequestMessage Request(string url, TokenGrant grant)
    {
        var request = PlatformHttp.Bearer(HttpMethod.Get, url, grant.AccessToken);
        request.Headers.Add("LinkedIn-Version", Options.ApiVersion);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        return request;
    }
}
