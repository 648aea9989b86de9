using Connectors.Contracts;
using Connectors.OAuth.Credentials;

namespace Connectors.OAuth.Platforms;

/// <summary>
/// QuickBooks: Basic client authentication, rotating refresh tokens with <c>x_refresh_token_expires_in</c>, and the
/// company (<c>realmId</c>) given on the callback, kept in metadata because every API URL needs it.
/// </summary>
public sealed class QuickBooksPlatform(PlatformContext context) : OAuthPlatform(context)
{
    public const string RealmIdKey = "realmId";

    public override string Type => ConnectorTypes.QuickBooks;

    public override string DisplayName => "QuickBooks";

    protected override ClientAuthentication ClientAuthentication => ClientAuthentication.BasicHeader;

    protected override string RefreshLifetimeField => "x_refresh_token_expires_in";

    public override async Task<TokenGrant> ExchangeCodeAsync(
        CodeExchange exchange,
        CancellationToken cancellationToken)
    {
        if (!exchange.CallbackValues.TryGetValue(RealmIdKey, out var realmId) || string.IsNullOrWhiteSpace(realmId))
        {
            throw new PlatformException(
                PlatformFailure.Rejected, "QuickBooks did not say which company was connected.");
        }

        var grant = await base.ExchangeCodeAsync(exchange, cancellationToken);
        return grant with { Metadata = new Dictionary<string, string>(grant.Metadata) { [RealmIdKey] = realmId } };
    }

    public override async Task<ConnectedAccount> LookUpAccountAsync(
        TokenGrant grant,
        CancellationToken cancellationToken)
    {
        var realmId = grant.Metadata[RealmIdKey];
        var url = $"{Options.ApiBaseUrl.TrimEnd('/')}/v3/company/{Uri.EscapeDataString(realmId)}/companyinfo/"
            + $"{Uri.EscapeDataString(realmId)}?minorversion={Uri.EscapeDataString(Options.ApiVersion)}";
        var info = await ApiAsync(
            PlatformHttp.Bearer(HttpMethod.Get, url, grant.AccessToken), "the company details", cancellationToken);
        var name = info.Property("CompanyInfo")?.String("CompanyName");
        return new ConnectedAccount(
            string.IsNullOrWhiteSpace(name) ? $"QuickBooks {realmId}" : name,
            realmId,
            new Dictionary<string, string> { [RealmIdKey] = realmId });
    }

    public override Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Options.RevokeUrl)
        {
            Content = JsonContent.Create(new { token = GrantToken(secrets) }),
        };
        AuthenticateClient(request, new Dictionary<string, string>());
        request.Headers.Accept.Add(new("application/json"));
        return RevokeWithAsync(request, cancellationToken);
    }
}
