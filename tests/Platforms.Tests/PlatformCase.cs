using Connectors.Testing;

namespace Connectors.Platforms.Tests;

/// <summary>How one platform is set up in the sandbox and what its real behaviour lets a test expect.</summary>
public sealed record PlatformCase
{
    public required string Type { get; init; }

    /// <summary>A fresh account id in the form the sandbox and the platform use.</summary>
    public required Func<string> NewAccount { get; init; }

    /// <summary>The admin <c>PUT</c> body: small sizes (and page size) so every stream pages a few times.</summary>
    public required object Settings { get; init; }

    /// <summary>A stream that pages more than once, where faults are armed.</summary>
    public required string PagedStream { get; init; }

    public required string MutatedStream { get; init; }

    public int Updates { get; init; } = 2;

    public int Creates { get; init; } = 1;

    public int Deletes { get; init; }

    /// <summary>Whether the streams are daily rows read over a window of days.</summary>
    public bool DatePartitioned { get; init; }

    /// <summary>The HTTP status of the platform's throttle answer (Meta throttles with 400 and a code).</summary>
    public int ThrottleStatus { get; init; } = 429;

    /// <summary>Whether the throttle answer names how long to wait (else the worker backs off at random).</summary>
    public bool ThrottleNamesDelay { get; init; } = true;

    /// <summary>Meta has no refresh tokens: an expired token can only be replaced by connecting again.</summary>
    public bool ExpiredTokenIsFinal { get; init; }

    /// <summary>
    /// Whether the platform offers revoking the grant (a Stripe secret key can only be rolled by hand).
    /// </summary>
    public bool OffersRevocation { get; init; } = true;

    /// <summary>The account name the connector must show, from the sandbox account.</summary>
    public Func<SandboxAccount, string> ExpectedAccountName { get; init; } = account => account.Name;

    public override string ToString() => Type;
}

/// <summary>The seven platforms as these tests drive them.</summary>
public static class Platforms
{
    public static readonly PlatformCase GoogleAds = new()
    {
        Type = "google_ads",
        NewAccount = () => Digits(10),
        Settings = new { sizes = new { campaigns = 2, ad_groups_per_campaign = 2 }, pageSize = 5 },
        PagedStream = "campaign_daily",
        MutatedStream = "campaign_daily",
        DatePartitioned = true,
    };

    public static readonly PlatformCase GoogleAnalytics = new()
    {
        Type = "google_analytics",
        NewAccount = () => Digits(9),
        Settings = new { sizes = new { daily_channels = 3 } },
        PagedStream = "daily_channels",
        MutatedStream = "daily_channels",
        DatePartitioned = true,
        // A concurrency 429 carries no RetryInfo: the worker backs off.
        ThrottleNamesDelay = false,
    };

    public static readonly PlatformCase HubSpot = new()
    {
        Type = "hubspot",
        NewAccount = () => Digits(8),
        Settings = new { sizes = new { contacts = 25, companies = 8, deals = 12 } },
        PagedStream = "contacts",
        MutatedStream = "contacts",
        // HubSpot's account API has no name: the portal's domain (from token introspection) stands for it.
        ExpectedAccountName = account => $"sandbox-{account.AccountId}.hubspot.com",
    };

    public static readonly PlatformCase Stripe = new()
    {
        Type = "stripe",
        NewAccount = () => "acct_" + Guid.NewGuid().ToString("N")[..16],
        Settings = new
        {
            sizes = new { charges = 25, customers = 12, invoices = 12, subscriptions = 6, balance_transactions = 25 },
        },
        PagedStream = "charges",
        // The oldest customers change and one is deleted: only the Events API tells (see also StripeTests).
        MutatedStream = "customers",
        Deletes = 1,
        OffersRevocation = false,
    };

    public static readonly PlatformCase MetaAds = new()
    {
        Type = "meta_ads",
        NewAccount = () => "act_" + Digits(10),
        Settings = new { sizes = new { ad_daily = 4 } },
        PagedStream = "ad_daily",
        MutatedStream = "ad_daily",
        DatePartitioned = true,
        ThrottleStatus = 400,
        ExpiredTokenIsFinal = true,
    };

    public static readonly PlatformCase LinkedInAds = new()
    {
        Type = "linkedin_ads",
        NewAccount = () => Digits(9),
        Settings = new { sizes = new { campaign_daily = 3 } },
        PagedStream = "campaign_daily",
        MutatedStream = "campaign_daily",
        DatePartitioned = true,
        ThrottleNamesDelay = false,
    };

    public static readonly PlatformCase QuickBooks = new()
    {
        Type = "quickbooks",
        NewAccount = () => "9130" + Digits(12),
        Settings = new { sizes = new { invoices = 30, customers = 12, payments = 20 } },
        PagedStream = "invoices",
        MutatedStream = "invoices",
        Deletes = 1,
    };

    private static string Digits(int count) =>
        Random.Shared.Next(1, 10).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + string.Concat(Enumerable.Range(1, count - 1).Select(_ => Random.Shared.Next(0, 10)));
}
