namespace Connectors.Sandbox.State;

/// <summary>Provider keys (who runs the OAuth) and product type ids (whose data is served).</summary>
internal static class Providers
{
    public const string Google = "google";
    public const string HubSpot = "hubspot";
    public const string Meta = "meta";
    public const string LinkedIn = "linkedin";
    public const string QuickBooks = "quickbooks";
    public const string Stripe = "stripe";

    public static readonly string[] All = [Google, HubSpot, Meta, LinkedIn, QuickBooks, Stripe];
}

internal static class Products
{
    public const string GoogleAds = "google_ads";
    public const string GoogleAnalytics = "google_analytics";
    public const string HubSpot = "hubspot";
    public const string Stripe = "stripe";
    public const string MetaAds = "meta_ads";
    public const string LinkedInAds = "linkedin_ads";
    public const string QuickBooks = "quickbooks";

    public static readonly string[] All =
        [GoogleAds, GoogleAnalytics, HubSpot, Stripe, MetaAds, LinkedInAds, QuickBooks];

    public static bool IsKnown(string product) => All.Contains(product);

    public static string ProviderOf(string product) => product switch
    {
        GoogleAds or GoogleAnalytics => Providers.Google,
        MetaAds => Providers.Meta,
        LinkedInAds => Providers.LinkedIn,
        _ => product,
    };

    public static string DefaultAccountId(string product) => product switch
    {
        GoogleAds => "1234567890",
        GoogleAnalytics => "123456",
        HubSpot => "12345678",
        Stripe => "acct_1Sandbox000000",
        MetaAds => "act_123456789",
        LinkedInAds => "507404993",
        QuickBooks => "9130350000000000",
        _ => throw new ArgumentOutOfRangeException(nameof(product), product, "Unknown product."),
    };

    public static string? DefaultName(string product, string accountId) =>
        accountId == DefaultAccountId(product) ? DefaultNames[product] : null;

    public static string DerivedName(string product, string accountId) => product switch
    {
        GoogleAnalytics => $"Sandbox Property {accountId}",
        HubSpot => $"Sandbox Portal {accountId}",
        Stripe => $"Sandbox Business {accountId}",
        QuickBooks => $"Sandbox Company {accountId}",
        _ => $"Sandbox Ads {accountId}",
    };

    /// <summary>Brings the many spellings of an account id to the one the data endpoints use.</summary>
    public static string NormalizeAccountId(string product, string raw)
    {
        var id = raw.Trim();
        return product switch
        {
            GoogleAds => id.Replace("-", "", StringComparison.Ordinal)
                .Replace("customers/", "", StringComparison.Ordinal),
            GoogleAnalytics => id.Replace("properties/", "", StringComparison.Ordinal),
            MetaAds => id.StartsWith("act_", StringComparison.Ordinal) ? id : "act_" + id,
            LinkedInAds => id.Replace("urn:li:sponsoredAccount:", "", StringComparison.Ordinal),
            _ => id,
        };
    }

    private static readonly Dictionary<string, string> DefaultNames = new()
    {
        [GoogleAds] = "Acme Corp Ads",
        [GoogleAnalytics] = "acme.com – GA4",
        [HubSpot] = "acme-corp.hubspot.com",
        [Stripe] = "Acme Corp",
        [MetaAds] = "Acme – Prospecting",
        [LinkedInAds] = "Acme Corp LinkedIn",
        [QuickBooks] = "Acme LLC",
    };
}
