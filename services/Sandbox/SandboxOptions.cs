namespace Connectors.Sandbox;

/// <summary>Settings of the provider sandbox, bound to the <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Registered OAuth clients by provider key (google, hubspot, meta, linkedin, quickbooks,
    /// stripe).</summary>
    public Dictionary<string, ClientRegistration> Clients { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Access-token lifetimes in seconds by provider key; a missing entry uses the platform's
    /// default.</summary>
    public Dictionary<string, int> TokenLifetimes { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Path of Stripe's published fixtures; when empty the sandbox searches beside the repo, then
    /// falls back to the copy embedded in the assembly.</summary>
    public string? StripeFixturesPath { get; init; }

    /// <summary>Emulates the older Google Ads versions that refused calls without a developer-token header.</summary>
    public bool RequireDeveloperToken { get; init; }

    /// <summary>HubSpot returns a fresh refresh token on every refresh when set (the platform keeps it by
    /// default).</summary>
    public bool HubSpotRotateRefreshTokens { get; init; }

    /// <summary>Seconds a rotated-away QuickBooks refresh token keeps working (0: it dies at once).</summary>
    public int QuickBooksRefreshGraceSeconds { get; init; }

    /// <summary>GA4 property quota: tokens per day (per account override: limit <c>tokensPerDay</c>).</summary>
    public int AnalyticsTokensPerDay { get; init; } = 200_000;

    /// <summary>GA4 property quota: tokens per hour (per account override: limit <c>tokensPerHour</c>).</summary>
    public int AnalyticsTokensPerHour { get; init; } = 40_000;

    /// <summary>Meta: polls a report run takes to reach Job Completed (per account: limit <c>asyncPolls</c>).</summary>
    public int MetaAsyncPolls { get; init; } = 4;

    /// <summary>Meta: data calls per ad account and hour that make usage reach 100 % (per account:
    /// limit <c>callsPerHour</c>).</summary>
    public int MetaCallsPerHour { get; init; } = 200;

    /// <summary>LinkedIn: oldest LinkedIn-Version (YYYYMM) still served; older ones are sunset.</summary>
    public int LinkedInOldestVersion { get; init; } = 202511;

    /// <summary>LinkedIn: adAnalytics elements served before silent truncation (per account: limit
    /// <c>maxElements</c>).</summary>
    public int LinkedInMaxElements { get; init; } = 15_000;

    /// <summary>QuickBooks: requests per realm and minute before 429 (per account: limit
    /// <c>requestsPerMinute</c>).</summary>
    public int QuickBooksRequestsPerMinute { get; init; } = 500;

    /// <summary>QuickBooks: requests per realm and second before 429 (per account: limit
    /// <c>requestsPerSecond</c>).</summary>
    public int QuickBooksRequestsPerSecond { get; init; } = 10;
}

/// <summary>An OAuth client the sandbox accepts.</summary>
public sealed class ClientRegistration
{
    public string ClientId { get; init; } = "";

    public string ClientSecret { get; init; } = "";
}
