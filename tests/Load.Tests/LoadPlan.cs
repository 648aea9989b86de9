using System.Globalization;

namespace Connectors.Load.Tests;

/// <summary>One platform account a project connects, and the sizes the sandbox gives its streams.</summary>
public sealed record ConnectorPlan(string Type, string Account, object Sizes);

/// <summary>What one project of the load run connects.</summary>
public sealed record ProjectPlan(int Index, IReadOnlyList<ConnectorPlan> Connectors);

/// <summary>
/// The projects of the load run. Every project connects Stripe by API key and HubSpot through OAuth; two in three
/// also connect Google Ads or QuickBooks through OAuth. Account sizes follow the project's index, so projects differ
/// in how much they sync and some streams take several pages while others take one.
/// </summary>
public static class LoadPlan
{
    /// <summary>The variable that sets how many projects take part (40 when unset).</summary>
    public const string ProjectsVariable = "CONNECTORS_LOAD_PROJECTS";

    public static int ProjectCount { get; } = ReadProjectCount();

    public static IReadOnlyList<ProjectPlan> Projects { get; } =
        [.. Enumerable.Range(0, ProjectCount).Select(For)];

    private static ProjectPlan For(int i)
    {
        var connectors = new List<ConnectorPlan>
        {
            new("stripe", $"acct_load{i:D11}", new
            {
                charges = 20 + (i * 7 % 60),
                customers = 5 + (i * 3 % 20),
                invoices = 5 + (i * 5 % 25),
                subscriptions = 2 + (i % 8),
                balance_transactions = 30 + (i * 13 % 150),
            }),
            new("hubspot", Digits(10_000_000 + i), new
            {
                contacts = 30 + (i * 17 % 150),
                companies = 5 + (i * 3 % 30),
                deals = 10 + (i * 7 % 50),
            }),
        };
        if (i % 3 == 1)
        {
            connectors.Add(new("google_ads", Digits(4_000_000_000 + i), new
            {
                campaigns = 1 + (i % 3),
                ad_groups_per_campaign = 1 + (i % 2),
            }));
        }
        else if (i % 3 == 2)
        {
            connectors.Add(new("quickbooks", "9130" + i.ToString("D12", CultureInfo.InvariantCulture), new
            {
                invoices = 20 + (i * 9 % 120),
                customers = 5 + (i * 2 % 30),
                payments = 10 + (i * 5 % 60),
            }));
        }

        return new ProjectPlan(i, connectors);
    }

    private static string Digits(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static int ReadProjectCount()
    {
        var text = Environment.GetEnvironmentVariable(ProjectsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return 40;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new InvalidOperationException($"{ProjectsVariable} must be a whole number of at least 1.");
    }
}
