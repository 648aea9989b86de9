using System.Net.Http.Json;

namespace Connectors.Platforms.Tests;

/// <summary>The sandbox's admin API as these tests use it: accounts, mutations, faults and the request log.</summary>
public sealed class PlatformAdmin(Uri sandbox) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(30) };

    public async Task ConfigureAccountAsync(string platform, string account, object settings) =>
        (await _client.PutAsJsonAsync($"/sandbox/admin/{platform}/accounts/{account}", settings))
            .EnsureSuccessStatusCode();

    public async Task RegisterStripeKeyAsync(string key, string account) =>
        (await _client.PostAsJsonAsync("/sandbox/admin/stripe/keys", new { key, accountId = account }))
            .EnsureSuccessStatusCode();

    public async Task<AdminAccount> AccountAsync(string platform, string account, DateOnly? since = null)
    {
        var query = since is null ? "" : $"?since={since:yyyy-MM-dd}";
        var response = await _client.GetAsync($"/sandbox/admin/{platform}/accounts/{account}{query}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AdminAccount>())!;
    }

    public async Task<Mutation> MutateAsync(string platform, string account, string stream, int update, int create,
        int delete = 0)
    {
        var response = await _client.PostAsJsonAsync(
            $"/sandbox/admin/{platform}/accounts/{account}/mutations", new { stream, update, create, delete });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Mutation>())!;
    }

    public async Task ArmFaultAsync(string platform, string account, object fault) =>
        (await _client.PostAsJsonAsync($"/sandbox/admin/{platform}/accounts/{account}/faults", fault))
            .EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<LoggedRequest>> RequestsAsync(string platform, string account)
    {
        var response = await _client.GetAsync($"/sandbox/admin/requests?platform={platform}&accountId={account}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<LoggedRequest>>())!;
    }

    public void Dispose() => _client.Dispose();
}

public sealed record AdminAccount(string AccountId, string Name, Dictionary<string, AdminStream> Streams);

public sealed record AdminStream(int Count, List<string> Keys);

public sealed record Mutation(string Stream, List<string> Updated, List<string> Created, List<string> Deleted);

public sealed record LoggedRequest(string Method, string Path, int Status, DateTimeOffset Time, string Kind);
