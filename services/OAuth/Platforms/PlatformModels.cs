namespace Connectors.OAuth.Platforms;

/// <summary>What a consent URL is built from.</summary>
public sealed record AuthorizeRequest(string State, string RedirectUri, string? CodeChallenge);

/// <summary>
/// A callback's code, with the redirect URI and PKCE verifier of its authorization, and every query value of the
/// callback (e.g. QuickBooks' <c>realmId</c>).
/// </summary>
public sealed record CodeExchange(
    string Code,
    string RedirectUri,
    string? CodeVerifier,
    IReadOnlyDictionary<string, string> CallbackValues);

/// <summary>Tokens as a platform issued them, with non-secret facts worth keeping (scopes, realm, hub).</summary>
public sealed record TokenGrant(
    string AccessToken,
    string? RefreshToken,
    DateTimeOffset? AccessExpiresAt,
    DateTimeOffset? RefreshExpiresAt,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>The stored tokens a refresh starts from.</summary>
public sealed record CurrentGrant(
    string? AccessToken,
    string? RefreshToken,
    DateTimeOffset? AccessExpiresAt,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>The account a grant or key reaches, as shown to users.</summary>
public sealed record ConnectedAccount(string Name, string Id, IReadOnlyDictionary<string, string> Metadata);

/// <summary>The outcome of a revocation; <see cref="Error"/> says in plain words why it did not happen.</summary>
public sealed record RevocationResult(bool Revoked, string? Error)
{
    public static RevocationResult Done { get; } = new(true, null);

    public static RevocationResult NotDone(string error) => new(false, error);
}

public enum PlatformFailure
{
    /// <summary>The grant is gone for good (<c>invalid_grant</c> or the platform's equivalent): reconnect.</summary>
    GrantRevoked,

    /// <summary>The platform could not answer now (network, timeout, 5xx, 429): try again later.</summary>
    Transient,

    /// <summary>The platform refused the request for another reason.</summary>
    Rejected,
}

/// <summary>A platform call that failed. The message is plain, shown to users, and never holds a secret.</summary>
public sealed class PlatformException(PlatformFailure failure, string message) : Exception(message)
{
    public PlatformFailure Failure { get; } = failure;
}
