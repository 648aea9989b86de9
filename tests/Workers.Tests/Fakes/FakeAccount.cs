using System.Collections.Concurrent;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>A campaign or ad group's metrics for one day.</summary>
public sealed class FakeAdRow
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public string? CampaignId { get; init; }

    public required DateOnly Date { get; init; }

    public long Impressions { get; set; }

    public long Clicks { get; set; }

    public long CostMicros { get; set; }

    public decimal Conversions { get; set; }
}

/// <summary>A HubSpot CRM object.</summary>
public sealed class FakeHubObject
{
    public required string Id { get; init; }

    public Dictionary<string, string> Properties { get; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A Stripe object of any listed resource.</summary>
public sealed class FakeStripeObject
{
    public required string Id { get; init; }

    public required long Created { get; init; }

    public long? Amount { get; set; }

    public string? Status { get; set; }

    public string? Customer { get; init; }
}

/// <summary>A Stripe event: its type and the object it carries (served as the object is when read).</summary>
public sealed record FakeStripeEvent(string Id, long Created, string Type, string Resource, FakeStripeObject Object);

/// <summary>One GA4 row: a day's metrics of one default channel group.</summary>
public sealed class FakeChannelDay
{
    public required DateOnly Date { get; init; }

    public required string Channel { get; init; }

    public long Sessions { get; set; }

    public long TotalUsers { get; set; }

    public long NewUsers { get; set; }

    public long Views { get; set; }

    public decimal Conversions { get; set; }

    public decimal EngagementRate { get; set; }
}

/// <summary>One Meta insights row: an ad's metrics for one day.</summary>
public sealed class FakeMetaRow
{
    public required string AdId { get; init; }

    public required DateOnly Date { get; init; }

    public string CampaignId { get; init; } = "c1";

    public string AdSetId { get; init; } = "s1";

    public string Name { get; set; } = "Ad";

    public long Impressions { get; set; }

    public long Clicks { get; set; }

    public decimal Spend { get; set; }

    public long Reach { get; set; }

    public int Purchases { get; set; }
}

/// <summary>One LinkedIn analytics element: a campaign's metrics for one day.</summary>
public sealed class FakeLinkedInRow
{
    public required string CampaignId { get; init; }

    public required DateOnly Date { get; init; }

    public long Impressions { get; set; }

    public long Clicks { get; set; }

    public decimal Cost { get; set; }

    public long Conversions { get; set; }
}

/// <summary>A QuickBooks invoice, customer or payment; a deleted one shows only in change data capture.</summary>
public sealed class FakeQuickBooksObject
{
    public required string Id { get; init; }

    public int SyncToken { get; set; }

    public required DateTimeOffset LastUpdated { get; set; }

    public DateOnly? TxnDate { get; init; }

    public decimal? TotalAmt { get; set; }

    public decimal? Balance { get; set; }

    public string? CustomerId { get; init; }

    public string? DisplayName { get; set; }

    public bool Deleted { get; set; }
}

/// <summary>What one project's connected account holds at each platform, and the faults it will answer with.</summary>
public sealed class FakeAccount
{
    private int _requests;

    public List<FakeAdRow> Campaigns { get; } = [];

    public List<FakeAdRow> AdGroups { get; } = [];

    public Dictionary<string, List<FakeHubObject>> HubSpot { get; } = new()
    {
        ["contacts"] = [],
        ["companies"] = [],
        ["deals"] = [],
    };

    public Dictionary<string, List<FakeStripeObject>> Stripe { get; } = new()
    {
        ["charges"] = [],
        ["customers"] = [],
        ["invoices"] = [],
        ["subscriptions"] = [],
        ["balance_transactions"] = [],
    };

    public List<FakeStripeEvent> StripeEvents { get; } = [];

    public List<FakeChannelDay> Analytics { get; } = [];

    public List<FakeMetaRow> Meta { get; } = [];

    public List<FakeLinkedInRow> LinkedIn { get; } = [];

    public Dictionary<string, List<FakeQuickBooksObject>> QuickBooks { get; } = new()
    {
        ["Invoice"] = [],
        ["Customer"] = [],
        ["Payment"] = [],
    };

    /// <summary>Google Analytics answers that the property's tokens for the day are spent.</summary>
    public bool AnalyticsDailyQuotaSpent { get; set; }

    /// <summary>Meta report runs answer <c>Job Failed</c> instead of completing.</summary>
    public bool MetaRunsFail { get; set; }

    /// <summary>Meta report runs started (asynchronous path) and synchronous insights calls made.</summary>
    public int MetaRunsStarted;

    public int MetaSyncInsightCalls;

    /// <summary>The date ranges LinkedIn was asked for, in order.</summary>
    public ConcurrentQueue<(DateOnly From, DateOnly To)> LinkedInRanges { get; } = new();

    /// <summary>QuickBooks change data capture and query calls made.</summary>
    public int QuickBooksCdcCalls;

    public int QuickBooksQueryCalls;

    /// <summary>The authorized request (1-based) answered once with the platform's rate-limit response.</summary>
    public int ThrottleRequest { get; set; }

    /// <summary>
    /// The authorized request (1-based) from which on every request is answered with a server error, as a platform
    /// that goes down part way through a sync (0: never).
    /// </summary>
    public int FailFromRequest { get; set; }

    /// <summary>Refuse the first token version with 401, as a platform does with an expired token.</summary>
    public bool RejectFirstToken { get; set; }

    /// <summary>Refuse every token with 401, as a platform does once the user revoked the app.</summary>
    public bool RejectAllTokens { get; set; }

    /// <summary>Every request that reached the platform for this account, rejected ones included.</summary>
    public int Calls;

    public int Throttled;

    /// <summary>Whether the authorized request last counted by <see cref="NextIsThrottled"/> is to fail.</summary>
    public bool Failing => FailFromRequest > 0 && Volatile.Read(ref _requests) >= FailFromRequest;

    /// <summary>Counts an authorized request; true when it is the one to throttle.</summary>
    public bool NextIsThrottled()
    {
        if (Interlocked.Increment(ref _requests) != ThrottleRequest)
        {
            return false;
        }

        Interlocked.Increment(ref Throttled);
        return true;
    }
}
