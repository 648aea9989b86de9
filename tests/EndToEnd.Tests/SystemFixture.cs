using System.Net.Http.Headers;
using Connectors.Testing;
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

