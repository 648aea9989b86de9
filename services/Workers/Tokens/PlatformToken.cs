using System.Text.Json;

namespace Connectors.Workers.Tokens;

/// <summary>
/// What the OAuth service hands a worker for one connector: the access token (for stripe the API key), the
/// platform account and per-platform metadata. A class, not a record, so it never prints the token.
/// </summary>
public sealed class PlatformToken
{
    public string AccessToken { get; init; } = "";

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The platform account (Google Ads customer id, HubSpot portal, Stripe account).</summary>
    public string? AccountId { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>A metadata value as text, or null when absent or empty.</summary>
    public string? MetadataValue(string key) =>
        Metadata is not null && Metadata.TryGetValue(key, out var value) && value.ValueKind != JsonValueKind.Null
            ? NullIfEmpty(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
