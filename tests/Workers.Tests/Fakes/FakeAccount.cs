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

    /// <summary>The authorized request (1-based) answered once with the platform's rate-limit response.</summary>
    public int ThrottleRequest { get; set; }

    /// <summary>Refuse the first token version with 401, as a platform does with an expired token.</summary>
    public bool RejectFirstToken { get; set; }

    /// <summary>Refuse every token with 401, as a platform does once the user revoked the app.</summary>
    public bool RejectAllTokens { get; set; }

    /// <summary>Every request that reached the platform for this account, rejected ones included.</summary>
    public int Calls;

    public int Throttled;

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
