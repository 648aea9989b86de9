namespace Connectors.Contracts;

/// <summary>The platforms a project can connect, by the type id used on the API and in messages.</summary>
public static class ConnectorTypes
{
    /// <summary>Google Ads (OAuth).</summary>
    public const string GoogleAds = "google_ads";

    /// <summary>Google Analytics 4 (OAuth).</summary>
    public const string GoogleAnalytics = "google_analytics";

    /// <summary>HubSpot CRM (OAuth).</summary>
    public const string HubSpot = "hubspot";

    /// <summary>Stripe (API key).</summary>
    public const string Stripe = "stripe";

    /// <summary>Meta Marketing API (OAuth).</summary>
    public const string MetaAds = "meta_ads";

    /// <summary>LinkedIn Marketing API (OAuth).</summary>
    public const string LinkedInAds = "linkedin_ads";

    /// <summary>QuickBooks Online (OAuth).</summary>
    public const string QuickBooks = "quickbooks";

    /// <summary>Every valid type id, in the order the API reference lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [GoogleAds, GoogleAnalytics, HubSpot, Stripe, MetaAds, LinkedInAds, QuickBooks];

    /// <summary>Types connected with API-key credentials rather than OAuth.</summary>
    public static IReadOnlyList<string> ApiKey { get; } = [Stripe];
}
