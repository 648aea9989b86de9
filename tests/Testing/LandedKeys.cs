namespace Connectors.Testing;

/// <summary>
/// How a landed row's natural key is written in SQL, in the form the sandbox lists its keys, so a test can compare
/// what PostgreSQL holds with what the platform served.
/// </summary>
public static class LandedKeys
{
    /// <summary>Whether the platform's streams are daily rows read over a window of days.</summary>
    public static bool IsDatePartitioned(string type) =>
        type is "google_ads" or "google_analytics" or "meta_ads" or "linkedin_ads";

    public static string Expression(string type, string stream) => (type, stream) switch
    {
        ("google_ads", "campaign_daily") => "campaign_id || '|' || to_char(date, 'YYYY-MM-DD')",
        ("google_ads", "ad_group_daily") => "ad_group_id || '|' || to_char(date, 'YYYY-MM-DD')",
        ("google_analytics", _) => "to_char(date, 'YYYY-MM-DD') || '|' || channel_group",
        ("meta_ads", _) => "ad_id || '|' || to_char(date, 'YYYY-MM-DD')",
        ("linkedin_ads", _) => "campaign_urn || '|' || to_char(date, 'YYYY-MM-DD')",
        _ => "id",
    };

    /// <summary>
    /// QuickBooks and Stripe keep deleted objects as rows marked deleted; the platform no longer lists them.
    /// </summary>
    public static string LiveFilter(string type) => type is "quickbooks" or "stripe" ? "AND NOT deleted" : "";
}
