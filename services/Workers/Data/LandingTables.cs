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

    /// <summary>A Stripe resource table: <c>stripe_charges</c>, <c>stripe_invoices</c>, ...</summary>
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
            new("raw", NpgsqlDbType.Jsonb),
        ]);

    private static LandingColumn Text(string name) => new(name, NpgsqlDbType.Text);
}
