using System.ComponentModel.DataAnnotations;

namespace Connectors.Workers;

/// <summary>How far back streams read and how they page (config section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>
    /// Days a date-partitioned stream (Google Ads, Google Analytics, Meta Ads, LinkedIn Ads) reads back on its first
    /// sync.
    /// </summary>
    [Range(1, 3650)]
    public int BackfillDays { get; set; } = 30;

    /// <summary>
    /// Days before the last synced date that later Google Ads syncs read again, because the platform restates
    /// conversions and costs for recent days.
    /// </summary>
    [Range(0, 365)]
    public int LookbackDays { get; set; } = 14;

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

    /// <summary>Days before the last synced date Google Analytics re-reads: GA4 keeps processing recent days.</summary>
    [Range(0, 365)]
    public int GoogleAnalyticsLookbackDays { get; set; } = 3;

    /// <summary>Rows per Google Analytics <c>runReport</c> page (Google allows up to 250,000).</summary>
    [Range(1, 250_000)]
    public int GoogleAnalyticsPageSize { get; set; } = 10_000;

    /// <summary>
    /// Days before the last synced date Meta Ads re-reads: conversions are attributed back to the impression date
    /// for up to the longest attribution window (28 days).
    /// </summary>
    [Range(0, 365)]
    public int MetaAdsLookbackDays { get; set; } = 28;

    /// <summary>Rows per Meta insights page.</summary>
    [Range(1, 5_000)]
    public int MetaAdsPageSize { get; set; } = 500;

    /// <summary>Days before the last synced date LinkedIn Ads re-reads (30-day post-click attribution).</summary>
    [Range(0, 365)]
    public int LinkedInAdsLookbackDays { get; set; } = 30;

    /// <summary>Rows per QuickBooks query page (<c>MAXRESULTS</c>, at most 1,000).</summary>
    [Range(1, 1_000)]
    public int QuickBooksPageSize { get; set; } = 1_000;

    /// <summary>
    /// Rows gathered from a stream's pages before they land in one transaction with the latest cursor among them.
    /// A transaction per page of 100 spends most of its time on the commit and the statements around the rows.
    /// </summary>
    [Range(1, 100_000)]
    public int LandingBatchRows { get; set; } = 5_000;

    /// <summary>
    /// Longest time a page waits for more rows before its batch lands anyway, checked as each page arrives, so a
    /// slow platform still shows progress and moves its cursor.
    /// </summary>
    public TimeSpan LandingBatchDelay { get; set; } = TimeSpan.FromSeconds(2);
}
