using Connectors.Testing;

namespace Connectors.Dashboard.Tests;

/// <summary>Fresh sandbox accounts for each test, so tests sharing the sandbox never share data.</summary>
internal static class Accounts
{
    public static string GoogleAds() => Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString();

    /// <summary>A Google Ads account with a readable name of its own.</summary>
    public static async Task<(string Account, string Name)> GoogleAdsAsync(SandboxAdmin sandbox)
    {
        var account = GoogleAds();
        var name = $"Harbor Ads {account[^4..]}";
        await sandbox.ConfigureAccountAsync("google_ads", account, new { name });
        return (account, name);
    }

    /// <summary>A Stripe account in the sandbox and a secret key that opens it.</summary>
    public static async Task<(string Account, string Name, string Key)> StripeAsync(SandboxAdmin sandbox)
    {
        var account = "acct_" + Guid.NewGuid().ToString("N")[..16];
        var name = $"Harbor Payments {account[^4..]}";
        var key = "sk_test_" + Guid.NewGuid().ToString("N");
        await sandbox.ConfigureAccountAsync("stripe", account, new { name });
        await sandbox.RegisterStripeKeyAsync(key, account);
        return (account, name, key);
    }
}
