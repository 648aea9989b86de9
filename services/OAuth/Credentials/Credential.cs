using System.Text.Json.Serialization;

namespace Connectors.OAuth.Credentials;

/// <summary>The secret part of a credential; only ever stored sealed, and never logged.</summary>
public sealed record CredentialSecrets(
    [property: JsonPropertyName("accessToken")] string? AccessToken,
    [property: JsonPropertyName("refreshToken")] string? RefreshToken,
    [property: JsonPropertyName("apiKey")] string? ApiKey)
{
    public static CredentialSecrets ForApiKey(string apiKey) => new(null, null, apiKey);

    public static CredentialSecrets ForTokens(string accessToken, string? refreshToken) =>
        new(accessToken, refreshToken, null);
}

public enum GrantStatus
{
    Active,
    ReauthRequired,
}

/// <summary>A stored credential with its secrets opened.</summary>
public sealed record Credential(
    Guid ProjectId,
    string Type,
    CredentialSecrets Secrets,
    string? AccountId,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset? AccessExpiresAt,
    DateTimeOffset? RefreshExpiresAt,
    GrantStatus Status,
    string? StatusReason);
