namespace Connectors.Sandbox.State;

/// <summary>A user's consent for one client to one account.</summary>
internal sealed class Grant
{
    public required string Id { get; init; }

    public required string Provider { get; init; }

    public required string ClientId { get; init; }

    public required string Product { get; init; }

    public required string AccountId { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required DateTimeOffset AuthorizedAt { get; init; }

    public bool Offline { get; init; } = true;

    public bool Revoked { get; set; }

    public bool RefreshRevoked { get; set; }
}

internal enum TokenKind
{
    Access,
    Refresh,
}

internal sealed class IssuedToken
{
    public required string Value { get; init; }

    public required TokenKind Kind { get; init; }

    public required Grant Grant { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public bool Revoked { get; set; }

    public bool LongLived { get; init; }
}

internal sealed class AuthCode
{
    public required string Value { get; init; }

    public required string Provider { get; init; }

    public required string ClientId { get; init; }

    public required string RedirectUri { get; init; }

    public required string Product { get; init; }

    public required string AccountId { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public string? CodeChallenge { get; init; }

    public string? CodeChallengeMethod { get; init; }

    public bool Offline { get; init; } = true;

    public bool Used { get; set; }
}

internal enum CodeFailure
{
    None,
    Unknown,
    Used,
    Expired,
    ClientMismatch,
    RedirectMismatch,
    VerifierMissing,
    VerifierMismatch,
}

internal enum AccessFailure
{
    None,
    Missing,
    Invalid,
    Expired,
    Revoked,
}
