using System.Text.Json;
using Connectors.Contracts;
using Connectors.OAuth.Credentials;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.OAuth.Platforms;

/// <summary>
/// Meta: token calls are GETs with the client credentials in the query; a code gives a short-lived token that is
/// exchanged at once for a long-lived one (about 60 days). There are no refresh tokens: a token still valid is
/// extended with another <c>fb_exchange_token</c>; an expired one needs the user to connect again.
/// </summary>
public sealed class MetaAdsPlatform(PlatformContext context) : OAuthPlatform(context)
{
    private const int InvalidTokenCode = 190;

    public override string Type => ConnectorTypes.MetaAds;

    public override string DisplayName => "Meta";

    public override bool UsesPkce => true;

    public override bool AccessEndsWithToken => true;

    protected override string ScopeSeparator => ",";

    public override async Task<TokenGrant> ExchangeCodeAsync(
        CodeExchange exchange,
        CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
            ["redirect_uri"] = exchange.RedirectUri,
            ["code"] = exchange.Code,
        };
        if (exchange.CodeVerifier is { } verifier)
        {
            query["code_verifier"] = verifier;
        }

        var shortLived = ReadGrant(await TokenAsync(query, cancellationToken));
        return await ExtendAsync(shortLived.AccessToken, cancellationToken);
    }

    public override Task<TokenGrant> RefreshAsync(CurrentGrant current, CancellationToken cancellationToken)
    {
        if (current.AccessToken is null || current.AccessExpiresAt <= Now)
        {
            throw new PlatformException(PlatformFailure.GrantRevoked,
                "The Meta token has expired, and Meta issues no refresh tokens.");
        }

        return ExtendAsync(current.AccessToken, cancellationToken);
    }

    public override async Task<ConnectedAccount> LookUpAccountAsync(
        TokenGrant grant,
        CancellationToken cancellationToken)
    {
        var url = $"{Options.ApiBaseUrl.TrimEnd('/')}/{Options.ApiVersion}/me/adaccounts?fields=id,account_id,name";
        var accounts = await ApiAsync(
            PlatformHttp.Bearer(HttpMethod.Get, url, grant.AccessToken), "the list of ad accounts", cancellationToken);
        var account = accounts.First("data")
            ?? throw new PlatformException(PlatformFailure.Rejected, "This Meta login reaches no ad account.");
        var id = account.String("id") ?? $"act_{account.String("account_id")}";
        var metadata = new Dictionary<string, string>();
        if (account.String("account_id") is { } number)
        {
            metadata["account_id"] = number;
        }

        return new ConnectedAccount(account.String("name") ?? id, id, metadata);
    }

    public override Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken)
    {
        var url = string.IsNullOrWhiteSpace(Options.RevokeUrl)
            ? ""
            : QueryHelpers.AddQueryString(Options.RevokeUrl, "access_token", secrets.AccessToken ?? "");
        return RevokeWithAsync(new HttpRequestMessage(HttpMethod.Delete, url), cancellationToken);
    }

    protected override OAuthError ReadError(JsonElement? body)
    {
        var error = body?.Property("error");
        var code = error?.String("code");
        return code is null ? base.ReadError(body) : new OAuthError(code, error?.String("message"));
    }

    protected override bool IsGrantRevoked(OAuthError error) =>
        error.Code == InvalidTokenCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<TokenGrant> ExtendAsync(string accessToken, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string?>
        {
            ["grant_type"] = "fb_exchange_token",
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
            ["fb_exchange_token"] = accessToken,
        };
        return ReadGrant(await TokenAsync(query, cancellationToken));
    }

    private Task<JsonElement> TokenAsync(Dictionary<string, string?> query, CancellationToken cancellationToken) =>
        SendTokenRequestAsync(
            new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(Options.TokenUrl, query)),
            cancellationToken);
}
