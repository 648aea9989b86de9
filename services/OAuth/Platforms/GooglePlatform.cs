using Connectors.OAuth.Credentials;

namespace Connectors.OAuth.Platforms;

/// <summary>
/// Google's identity platform, shared by Google Ads and Google Analytics: offline access with a forced consent
/// (so a reconnect gets a refresh token again), PKCE, client credentials in the form, revocation by token.
/// </summary>
public abstract class GooglePlatform(PlatformContext context) : OAuthPlatform(context)
{
    public override bool UsesPkce => true;

    public override Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Options.RevokeUrl)
        {
            Content = new FormUrlEncodedContent([new("token", GrantToken(secrets) ?? "")]),
        };
        return RevokeWithAsync(request, cancellationToken);
    }

    protected override void AddAuthorizeParameters(IDictionary<string, string?> parameters)
    {
        parameters["access_type"] = "offline";
        parameters["prompt"] = "consent";
        parameters["include_granted_scopes"] = "true";
    }
}
