using System.Net.Http.Json;

namespace Connectors.Testing;

/// <summary>
/// The sandbox's admin API: the test's view of what the platform holds, and its hand on the platform (accounts,
/// changes to their records, faults, the request log).
/// </summary>
public sealed class SandboxAdmin(Uri sandbox) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(30) };

    public async Task ConfigureAccountAsync(string platform, string account, object settings) =>
        (await _client.PutAsJsonAsync($"/sandbox/admin/{platform}/accounts/{account}", settings))
            .EnsureSuccessStatusCode();

    public async Task RegisterStripeKeyAsync(string key, string account) =>
        (await _client.PostAsJsonAsync("/sandbox/admin/stripe/keys", new { key, accountId = account }))
            .EnsureSuccessStatusCode();

    public async Task<SandboxAccount> AccountAsync(string platform, string account, DateOnly? since = null)
    {
        var query = since is null ? "" : $"?since={since:yyyy-MM-dd}";
        var response = await _client.GetAsync($"/sandbox/admin/{platform}/accounts/{account}{query}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SandboxAccount>())!;
    }

    /// <summary>Changes records of a stream as users of the platform would; answers the keys touched.</summary>
    public async Task<SandboxMutation> MutateAsync(
        string platform,
        string account,
        string stream,
        int update,
        int create,
        int delete = 0)
    {
        var response = await _client.PostAsJsonAsync(
            $"/sandbox/admin/{platform}/accounts/{account}/mutations", new { stream, update, create, delete });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SandboxMutation>())!;
    }

    /// <summary>Arms a fault (kind, stream, page, times) on the account's next matching data requests.</summary>
    public async Task ArmFaultAsync(string platform, string account, object fault) =>
        (await _client.PostAsJsonAsync($"/sandbox/admin/{platform}/accounts/{account}/faults", fault))
            .EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<SandboxRequest>> RequestsAsync(string platform, string account)
    {
        var response = await _client.GetAsync($"/sandbox/admin/requests?platform={platform}&accountId={account}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<SandboxRequest>>())!;
    }

    public void Dispose() => _client.Dispose();
}

public sealed record SandboxAccount(string AccountId, string Name, Dictionary<string, SandboxStream> Streams);

public sealed record SandboxStream(int Count, List<string> Keys);

public sealed record SandboxMutation(string Stream, List<string> Updated, List<string> Created, List<string> Deleted);

public sealed record SandboxRequest(string Method, string Path, int Status, DateTimeOffset Time, string Kind);
