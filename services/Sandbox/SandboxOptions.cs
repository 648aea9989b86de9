namespace Connectors.Sandbox;

/// <summary>Settings of the provider sandbox, bound to the <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Registered OAuth clients by provider key (google, hubspot, meta, linkedin, quickbooks, stripe).</summary>
    public Dictionary<string, ClientRegistration> Clients { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Access-token lifetimes in seconds by provider key; a missing entry uses the platform's default.</summary>
    public Dictionary<string, int> TokenLifetimes { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Path of Stripe's published fixtures; when empty the sandbox searches beside the repo, then
    /// falls back to the copy embedded in the assembly.</summary>
    public string? StripeFixturesPath { get; init; }

    /// <summary>Emulates the older Google Ads versions that refused calls without a developer-token header.</summary>
    public bool RequireDeveloperToken { get; init; }

    /// <summary>HubSpot returns a fresh refresh token on every refresh when set (the platform keeps it by default).</summary>
    public bool HubSpotRotateRefreshTokens { get; init; }

    /// <summary>Seconds a rotated-away QuickBooks refresh token keeps working (0: it dies at once).</summary>
    public int QuickBooksRefreshGraceSeconds { get; init; }
}

/// <summary>An OAuth client the sandbox accepts.</summary>
public sealed class ClientRegistration
{
    public string ClientId { get; init; } = "";

    public string ClientSecret { get; init; } = "";
}
