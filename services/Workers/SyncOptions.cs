using System.ComponentModel.DataAnnotations;

namespace Connectors.Workers;

/// <summary>How far back streams read and how they page (config section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>Days a date-partitioned stream (Google Ads) reads back on its first sync.</summary>
    [Range(1, 3650)]
    public int BackfillDays { get; set; } = 30;

    /// <summary>
    /// Days before the last synced date that later Google Ads syncs read again, because the platform restates
    /// conversions and costs for recent days.
    /// </summary>
    [Range(0, 365)]
    public int LookbackDays { get; set; } = 14;

    /// <summary>Days of Stripe's mutable objects (charges, invoices, ...) read again on each sync.</summary>
    [Range(0, 365)]
    public int StripeLookbackDays { get; set; } = 7;

    /// <summary>Objects per Stripe list page (Stripe allows 1–100).</summary>
    [Range(1, 100)]
    public int StripePageSize { get; set; } = 100;

    /// <summary>Objects per HubSpot list page on a first sync (HubSpot allows up to 100).</summary>
    [Range(1, 100)]
    public int HubSpotListPageSize { get; set; } = 100;

    /// <summary>Objects per HubSpot search page on incremental syncs (HubSpot allows up to 200).</summary>
    [Range(1, 200)]
    public int HubSpotSearchPageSize { get; set; } = 200;

    /// <summary>
    /// The most results one HubSpot search can page through (10,000 at HubSpot); a window that reaches it is
    /// restarted from the last modification time seen.
    /// </summary>
    [Range(2, 10_000)]
    public int HubSpotSearchResultCap { get; set; } = 10_000;
}
