using Connectors.Sandbox.Data;

namespace Connectors.Sandbox.State;

/// <summary>One account of one product; its data is generated from the seed plus the recorded changes.</summary>
internal sealed class Account
{
    public required string Product { get; init; }

    public required string Id { get; init; }

    public required string Name { get; set; }

    public required DateTimeOffset Anchor { get; init; }

    public ulong Seed => Deterministic.Seed(Product, Id);

    public Dictionary<string, int> Sizes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int? PageSize { get; set; }

    /// <summary>Per-account overrides of platform limits (e.g. <c>maxElements</c>, <c>requestsPerMinute</c>).</summary>
    public Dictionary<string, int> Limits { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When the account's data calls arrived, for usage headers and rate limits.</summary>
    public List<DateTimeOffset> Calls { get; } = [];

    /// <summary>Google Analytics quota tokens consumed, by time.</summary>
    public List<(DateTimeOffset At, int Tokens)> QuotaUse { get; } = [];

    public Dictionary<string, StreamChanges> Changes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Stripe only: the events its changes recorded, oldest first.</summary>
    public List<StripeEvent> StripeEvents { get; } = [];

    /// <summary>
    /// Stripe only: per stream, the generated ids and the list order (see <see cref="StripeListing"/>).
    /// </summary>
    public Dictionary<string, StripeStreamCache> StripeCaches { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string?> LastCursor { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ArmedFault> Faults { get; } = [];

    public int Size(string stream, int fallback) => Sizes.TryGetValue(stream, out var size) ? size : fallback;

    public int Limit(string name, int fallback) => Limits.TryGetValue(name, out var limit) ? limit : fallback;

    public StreamChanges ChangesOf(string stream)
    {
        if (!Changes.TryGetValue(stream, out var changes))
        {
            changes = new StreamChanges();
            Changes[stream] = changes;
        }

        return changes;
    }
}

/// <summary>Mutations applied through the admin API to one stream of an account.</summary>
internal sealed class StreamChanges
{
    public Dictionary<string, RecordChange> Updated { get; } = new(StringComparer.Ordinal);

    public List<DateTimeOffset> Created { get; } = [];

    public Dictionary<string, DateTimeOffset> Deleted { get; } = new(StringComparer.Ordinal);

    public RecordChange? For(string key) => Updated.GetValueOrDefault(key);
}

internal sealed record RecordChange(int Version, DateTimeOffset At);

/// <summary>A fault armed on an account; fires on its matching data requests from <see cref="AtPage"/> on.</summary>
internal sealed class ArmedFault
{
    public required string Kind { get; init; }

    public string? Stream { get; init; }

    public int AtPage { get; init; } = 1;

    public int Times { get; init; } = 1;

    public int? RetryAfterSeconds { get; init; }

    public int Seen { get; set; }

    public int Fired { get; set; }
}

internal static class FaultKinds
{
    public const string RateLimit = "rate_limit";
    public const string ServerError = "server_error";
    public const string ExpireToken = "expire_token";
    public const string RevokeGrant = "revoke_grant";
    public const string RepeatPage = "repeat_page";
    public const string QuotaExhausted = "quota_exhausted";
    public const string JobFailed = "job_failed";

    public static readonly string[] All =
        [RateLimit, ServerError, ExpireToken, RevokeGrant, RepeatPage, QuotaExhausted, JobFailed];
}
