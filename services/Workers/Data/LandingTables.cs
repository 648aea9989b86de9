using NpgsqlTypes;

namespace Connectors.Workers.Data;

/// <summary>The shapes of the landing tables created by <c>Data/Migrations</c>; see the service README.</summary>
public static class LandingTables
{
    private static readonly LandingColumn[] Metrics =
    [
        new("impressions", NpgsqlDbType.Bigint),
        new("clicks", NpgsqlDbType.Bigint),
        new("cost_micros", NpgsqlDbType.Bigint),
        new("conversions", NpgsqlDbType.Numeric),
        new("raw", NpgsqlDbType.Jsonb),
    ];

    public static LandingTable GoogleAdsCampaignDaily { get; } = new(
        "google_ads_campaign_daily",
        [Text("customer_id"), Text("campaign_id"), new("date", NpgsqlDbType.Date)],
        [Text("campaign_name"), .. Metrics]);

    public static LandingTable GoogleAdsAdGroupDaily { get; } = new(
        "google_ads_ad_group_daily",
        [Text("customer_id"), Text("ad_group_id"), new("date", NpgsqlDbType.Date)],
        [Text("campaign_id"), Text("ad_group_name"), .. Metrics]);

    /// <summary>A HubSpot CRM object table: <c>hubspot_contacts</c>, <c>hubspot_companies</c>, ...</summary>
    public static LandingTable HubSpot(string objectType) => new(
        $"hubspot_{objectType}",
        [Text("id")],
        [
            new("properties", NpgsqlDbType.Jsonb),
            new("created_at", NpgsqlDbType.TimestampTz),
            new("updated_at", NpgsqlDbType.TimestampTz),
            new("archived", NpgsqlDbType.Boolean),
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    /// <summary>
    /// A Stripe resource table: <c>stripe_charges</c>, <c>stripe_invoices</c>, ... An object Stripe deleted keeps
    /// its row, marked <c>deleted</c>, with the values its deletion event carried.
    /// </summary>
    public static LandingTable Stripe(string resource) => new(
        $"stripe_{resource}",
        [Text("id")],
        [
            new("created", NpgsqlDbType.TimestampTz),
            new("livemode", NpgsqlDbType.Boolean),
            new("amount", NpgsqlDbType.Bigint),
            Text("currency"),
            Text("status"),
            Text("customer"),
            new("deleted", NpgsqlDbType.Boolean),
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    public static LandingTable GoogleAnalyticsDailyChannels { get; } = new(
        "google_analytics_daily_channels",
        [Text("property_id"), new("date", NpgsqlDbType.Date), Text("channel_group")],
        [
            new("sessions", NpgsqlDbType.Bigint),
            new("total_users", NpgsqlDbType.Bigint),
            new("new_users", NpgsqlDbType.Bigint),
            new("screen_page_views", NpgsqlDbType.Bigint),
            new("conversions", NpgsqlDbType.Numeric),
            new("engagement_rate", NpgsqlDbType.Numeric),
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    public static LandingTable MetaAdsAdDaily { get; } = new(
        "meta_ads_ad_daily",
        [Text("account_id"), Text("ad_id"), new("date", NpgsqlDbType.Date)],
        [
            Text("campaign_id"),
            Text("adset_id"),
            Text("ad_name"),
            new("impressions", NpgsqlDbType.Bigint),
            new("clicks", NpgsqlDbType.Bigint),
            new("spend", NpgsqlDbType.Numeric),
            new("reach", NpgsqlDbType.Bigint),
            new("actions", NpgsqlDbType.Jsonb),
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    public static LandingTable LinkedInAdsCampaignDaily { get; } = new(
        "linkedin_ads_campaign_daily",
        [Text("account_id"), Text("campaign_urn"), new("date", NpgsqlDbType.Date)],
        [
            new("impressions", NpgsqlDbType.Bigint),
            new("clicks", NpgsqlDbType.Bigint),
            new("cost_in_local_currency", NpgsqlDbType.Numeric),
            new("conversions", NpgsqlDbType.Bigint),
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    /// <summary>
    /// A QuickBooks entity table: <c>quickbooks_invoices</c>, ... A deletion stub keeps the values last seen and
    /// only sets <c>deleted</c> (and the times, token and raw stub it carries).
    /// </summary>
    public static LandingTable QuickBooks(string entityTable) => new(
        $"quickbooks_{entityTable}",
        [Text("realm_id"), Text("id")],
        [
            new("sync_token", NpgsqlDbType.Text, KeepWhenNull: true),
            new("last_updated_at", NpgsqlDbType.TimestampTz),
            new("txn_date", NpgsqlDbType.Date, KeepWhenNull: true),
            new("total_amount", NpgsqlDbType.Numeric, KeepWhenNull: true),
            new("balance", NpgsqlDbType.Numeric, KeepWhenNull: true),
            new("customer_id", NpgsqlDbType.Text, KeepWhenNull: true),
            new("display_name", NpgsqlDbType.Text, KeepWhenNull: true),
            new("deleted", NpgsqlDbType.Boolean),
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    private static LandingColumn Text(string name) => new(name, NpgsqlDbType.Text);
}
