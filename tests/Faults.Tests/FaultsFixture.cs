using System.Net.Http.Headers;
using System.Net.Http.Json;
using Connectors.Contracts;
using Connectors.Testing;
using Dapper;
using Npgsql;

namespace Connectors.Faults.Tests;

/// <summary>
/// The whole product running against servers of its own, so the tests may stop, restart and kill them. Retry
/// delays are short and Stripe pages small, so a sync lasts long enough to be interrupted.
/// </summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    public const int RecordsPerStream = 120;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Sync__StripePageSize"] = "10",
        ["Workers__RetryBaseDelay"] = "00:00:00.200",
        ["Workers__RetryMaxDelay"] = "00:00:02",
        ["Workers__MaxInlineRetryDelay"] = "00:00:08",
        ["Workers__LeaseDuration"] = "00:00:06",
        ["Workers__AttemptBackoff"] = "00:00:01",
        ["Sync__RetryPollInterval"] = "00:00:00.5",
        ["Logging__LogLevel__MassTransit"] = "Information",
    };

    public OwnServers Servers { get; } = new();

    public RunningSystem System { get; private set; } = null!;

    public SandboxAdmin Sandbox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        System = new RunningSystem(Settings, Servers.Addresses);
        await System.InitializeAsync();
        Sandbox = new SandboxAdmin(System.Sandbox);
    }

    /// <summary>A new project with a Stripe account connected, its API client and the Stripe account id.</summary>
    public async Task<(Guid Project, HttpClient Api, string Account)> ConnectedProjectAsync(string name)
    {
        var project = await System.CreateProjectAsync(name);
        var api = new HttpClient { BaseAddress = System.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        var account = "acct_" + Guid.NewGuid().ToString("N")[..16];
        var key = "sk_test_" + Guid.NewGuid().ToString("N");
        var sizes = new[] { "charges", "customers", "invoices", "subscriptions", "balance_transactions" }
            .ToDictionary(stream => stream, _ => RecordsPerStream);
        await Sandbox.ConfigureAccountAsync("stripe", account, new { name = "Faulty Payments", sizes });
        await Sandbox.RegisterStripeKeyAsync(key, account);
        (await api.PostAsJsonAsync("/api/connectors", new { type = "stripe", credentials = new { apiKey = key } }))
            .EnsureSuccessStatusCode();
        return (project.ProjectId, api, account);
    }

    /// <summary>Holds the account's <paramref name="stream"/> a while with a rate limit at its third page.</summary>
    public Task HoldAsync(string account, string stream, int seconds) =>
        ArmAsync(account, new { kind = "rate_limit", stream, atPage = 3, times = 1, retryAfterSeconds = seconds });

    /// <summary>Arms a sandbox fault on the Stripe account (see the sandbox's README for the kinds).</summary>
    public Task ArmAsync(string account, object fault) => Sandbox.ArmFaultAsync("stripe", account, fault);

    /// <summary>Polls the run until <paramref name="condition"/> holds for it.</summary>
    public static async Task<SyncRun> WaitForAsync(
        HttpClient api, string syncId, Func<SyncRun, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await api.GetFromJsonAsync<SyncRun>($"/api/sync/{syncId}");
            if (condition(run!))
            {
                return run!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The run {syncId} never reached the awaited state.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the sandbox answered the account's held request, i.e. the sync is under way.</summary>
    public async Task WaitUntilHeldAsync(string account)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var requests = await Sandbox.RequestsAsync("stripe", account);
            if (requests.Any(request => request.Status == 429))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The sync of {account} never reached its held page.");
    }

    /// <summary>Polls the run until no connector is queued or running any more.</summary>
    public static async Task<SyncRun> WaitFinishedAsync(HttpClient api, string syncId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var response = await api.GetAsync($"/api/sync/{syncId}");
                if (response.IsSuccessStatusCode)
                {
                    var run = (await response.Content.ReadFromJsonAsync<SyncRun>())!;
                    if (run.Status is not ("queued" or "running") || DateTime.UtcNow > deadline)
                    {
                        return run;
                    }
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The run {syncId} could not be read before the deadline.");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The natural keys landed for the project's stream, once per row (doubles stay visible).</summary>
    public async Task<List<string>> LandedKeysAsync(string table, Guid project)
    {
        await using var dataSource = NpgsqlDataSource.Create(System.Database.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            $"SELECT id FROM {table} WHERE project_id = @Project", new { Project = project })).ToList();
    }

    public async Task DisposeAsync()
    {
        Sandbox?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }

        await Servers.DisposeAsync();
    }
}

public sealed record SyncStartedResponse(string Status, string SyncId, List<string> Connectors);

public sealed record SyncRun(string SyncId, string Status, DateTimeOffset? FinishedAt, List<ConnectorRun> Connectors);

public sealed record ConnectorRun(
    string Type,
    string State,
    List<StreamResult> Streams,
    RunError? Error,
    int Attempt,
    DateTimeOffset? NextAttemptAt,
    string? WaitingReason,
    List<AttemptRun> Attempts);

public sealed record AttemptRun(int Attempt, string Outcome, RunError? Error, DateTimeOffset? RetryAt);

public sealed record RunError(string Class, string Message);

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
