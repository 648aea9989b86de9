using Connectors.OAuth.Credentials;

namespace Connectors.OAuth.Platforms;

/// <summary>What every platform offers: a type id, a name for people, and revocation of what was stored.</summary>
public interface IPlatform
{
    string Type { get; }

    /// <summary>The platform's name as users know it (used in messages).</summary>
    string DisplayName { get; }

    /// <summary>Revokes the grant at the platform where it can be; never throws for a platform failure.</summary>
    Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken);
}

/// <summary>
/// A platform connected through an OAuth authorization-code flow. Everything that differs between platforms sits
/// behind this interface, so adding a platform is adding one class.
/// </summary>
public interface IOAuthPlatform : IPlatform
{
    /// <summary>Whether the consent carries a PKCE S256 challenge (and the exchange its verifier).</summary>
    bool UsesPkce { get; }

    /// <summary>
    /// Whether access ends when the access token expires, because no refresh token renews it (Meta): the registry
    /// is told the expiry, so the user is warned to connect again in time.
    /// </summary>
    bool AccessEndsWithToken { get; }

    Uri BuildAuthorizeUrl(AuthorizeRequest request);

    /// <summary>Exchanges the callback's code for tokens. Throws <see cref="PlatformException"/>.</summary>
    Task<TokenGrant> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken);

    /// <summary>The connected account's display name and id. Throws <see cref="PlatformException"/>.</summary>
    Task<ConnectedAccount> LookUpAccountAsync(TokenGrant grant, CancellationToken cancellationToken);

    /// <summary>
    /// New tokens for a stored grant. Throws <see cref="PlatformException"/>; with
    /// <see cref="PlatformFailure.GrantRevoked"/> when the grant is gone for good.
    /// </summary>
    Task<TokenGrant> RefreshAsync(CurrentGrant current, CancellationToken cancellationToken);
}

/// <summary>A platform connected with an API key the user pastes.</summary>
public interface IApiKeyPlatform : IPlatform
{
    /// <summary>Checks the key live at the platform. Throws <see cref="PlatformException"/>.</summary>
    Task<ConnectedAccount> ValidateKeyAsync(string apiKey, CancellationToken cancellationToken);
}
