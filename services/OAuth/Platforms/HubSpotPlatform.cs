using System.Text.Json;
using Connectors.Contracts;
using Connectors.OAuth.Credentials;

namespace Connectors.OAuth.Platforms;

/// <summary>
/// HubSpot: PKCE, client credentials in the form (never the query), account named from account-info and the
/// token's introspection, revocation of the refresh token.
/// </summary>
public sealed class HubSpotPlatform(PlatformContext context) : OAuthPlatform(context)
{
    public override string Type => ConnectorTypes.HubSpot;

    public override string DisplayName => "HubSpot";

    public override bool UsesPkce => true;

    public override async Task<ConnectedAccount> LookUpAccountAsync(
        TokenGrant grant,
        CancellationToken cancellationToken)
    {
        var url = $"{Options.ApiBaseUrl.TrimEnd('/')}/account-info/v3/details";
        var details = await ApiAsync(
            PlatformHttp.Bearer(HttpMethod.Get, url, grant.AccessToken), "the account details", cancellationToken);
        var portalId = details.String("portalId")
            ?? throw new PlatformException(PlatformFailure.Rejected, "HubSpot answered without a portal id.");
        var hubDomain = (await IntrospectAsync(grant.AccessToken, cancellationToken)).String("hub_domain");

        var metadata = new Dictionary<string, string> { ["portalId"] = portalId };
        if (hubDomain is not null)
        {
            metadata["hub_domain"] = hubDomain;
        }

        var name = details.String("portalName") ?? hubDomain ?? $"HubSpot {portalId}";
        return new ConnectedAccount(name, portalId, metadata);
    }

    public override Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
            ["token"] = GrantToken(secrets) ?? "",
            ["token_type_hint"] = secrets.RefreshToken is null ? "access_token" : "refresh_token",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, Options.RevokeUrl)
        {
            Content = new FormUrlEncodedContent(form),
        };
        return RevokeWithAsync(request, cancellationToken);
    }

    protected override bool IsGrantRevoked(OAuthError error) =>
        base.IsGrantRevoked(error) || error.Code == "BAD_REFRESH_TOKEN";

    protected override OAuthError ReadError(JsonElement? body)
    {
        var error = base.ReadError(body);
        return error.Code == "unknown_error" && body?.String("status") is { } status
            ? new OAuthError(status, body?.String("message"))
            : error;
    }

    protected override TokenGrant ReadGrant(JsonElement body)
    {
        var grant = base.ReadGrant(body);
        if (body.String("hub_id") is not { } hubId)
        {
            return grant;
        }

        var metadata = new Dictionary<string, string>(grant.Metadata) { ["hub_id"] = hubId };
        return grant with { Metadata = metadata };
    }

    private async Task<JsonElement> IntrospectAsync(string accessToken, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
            ["token"] = accessToken,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, Options.IntrospectUrl)
        {
            Content = new FormUrlEncodedContent(form),
        };
        return await ApiAsync(request, "the token introspection", cancellationToken);
    }
}
