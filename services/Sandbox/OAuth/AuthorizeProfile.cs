using Connectors.Sandbox.State;

namespace Connectors.Sandbox.OAuth;

/// <summary>How one provider's consent screen behaves.</summary>
internal sealed record AuthorizeProfile(
    string Provider,
    string DisplayName,
    string CodePrefix,
    bool SupportsPkce,
    bool RequiresResponseType,
    string? DenyDescription)
{
    public static readonly AuthorizeProfile Google =
        new(Providers.Google, "Google", "4/0A", true, true, null);

    public static readonly AuthorizeProfile HubSpot =
        new(Providers.HubSpot, "HubSpot", "na1-", true, false, null);

    public static readonly AuthorizeProfile Meta =
        new(Providers.Meta, "Facebook", "AQ", true, false, "Permissions error");

    public static readonly AuthorizeProfile LinkedIn =
        new(Providers.LinkedIn, "LinkedIn", "AQT", false, true, "The user cancelled the authorization");

    public static readonly AuthorizeProfile QuickBooks =
        new(Providers.QuickBooks, "Intuit QuickBooks", "AB11", false, true, null);

    public static readonly AuthorizeProfile Stripe =
        new(Providers.Stripe, "Stripe", "ac_", false, true, "The user denied your request");

    /// <summary>The product whose account a consent binds to; Google serves two products from one client.</summary>
    public string ProductFor(IReadOnlyList<string> scopes) => Provider switch
    {
        Providers.Google => scopes.Any(s => s.Contains("adwords", StringComparison.Ordinal))
            || !scopes.Any(s => s.Contains("analytics", StringComparison.Ordinal))
            ? Products.GoogleAds
            : Products.GoogleAnalytics,
        Providers.Meta => Products.MetaAds,
        Providers.LinkedIn => Products.LinkedInAds,
        _ => Provider,
    };

    public static IReadOnlyList<string> SplitScopes(string? scope) =>
        (scope ?? "").Split([' ', ',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
