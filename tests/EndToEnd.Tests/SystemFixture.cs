using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;

namespace Connectors.EndToEnd.Tests;

/// <summary>One running system shared by the end-to-end tests; each test works in a project of its own.</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public RunningSystem System { get; } = new();

    /// <summary>A downstream analytics consumer on its own queue, subscribed before anything syncs.</summary>
    public DownstreamConsumer Analytics { get; } = new();

    public SandboxAdmin Sandbox { get; private set; } = null!;

    public NpgsqlDataSource Database => System.Database.DataSource;

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        await Analytics.StartAsync(System.VirtualHost.Amqp, "e2e-analytics");
        Sandbox = new SandboxAdmin(System.Sandbox);
    }

    /// <summary>An API client of a new project, authenticated with the project's key.</summary>
    public async Task<(Project Project, HttpClient Api)> NewProjectAsync(string name)
    {
        var project = await System.CreateProjectAsync(name);
        var api = new HttpClient { BaseAddress = System.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return (project, api);
    }

    public HttpClient Anonymous() => new() { BaseAddress = System.Gateway, Timeout = TimeSpan.FromSeconds(30) };

    public async Task DisposeAsync()
    {
        Sandbox?.Dispose();
        await Analytics.DisposeAsync();
        await System.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "running system";
}

/// <summary>The sandbox's admin API: the test's view of what the platform holds.</summary>
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

public sealed record SandboxRequest(string Method, string Path, int Status, string Kind);
