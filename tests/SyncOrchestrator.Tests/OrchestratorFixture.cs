using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connectors.SyncOrchestrator.Tests;

/// <summary>
/// The orchestrator on a fresh database and RabbitMQ virtual host, with a stub registry. One per test class; tests
/// keep apart by using projects of their own.
/// </summary>
public class OrchestratorFixture : IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public OrchestratorFixture()
    {
        Signature = new CallerSignature(
            Options.Create(new InternalOptions { SigningKey = _signingKey }), TimeProvider.System);
        Registry = new StubRegistry(Signature);
    }

    public TestDatabase Database { get; } = new();

    public TestVirtualHost VirtualHost { get; } = new();

    public StubRegistry Registry { get; }

    public CallerSignature Signature { get; }

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    protected virtual Uri Broker => VirtualHost.Amqp;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await VirtualHost.InitializeAsync();
        await Registry.StartAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Testing")
            .UseSetting("ConnectionStrings:Postgres", Database.ConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", Broker.ToString())
            .UseSetting("Internal:SigningKey", _signingKey)
            .UseSetting("Services:Registry", Registry.BaseAddress.ToString())
            .UseSetting("Sync:ScheduleEnabled", "false"));
        Client = Factory.CreateClient();
        Client.Timeout = TimeSpan.FromSeconds(15);
        await BusStartedAsync();
    }

    /// <summary>
    /// The host starts the bus without waiting for it: a message published before the consumers' queues are bound
    /// to their exchanges would be lost, so tests start once the bus is up (the broker-down fixture never is).
    /// </summary>
    protected virtual Task BusStartedAsync() => Factory.Services.GetRequiredService<IBusControl>()
        .WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Registry.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostRunAsync(Guid project, string? idempotencyKey = null)
    {
        var request = Signed(HttpMethod.Post, "/api/sync/run", project);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Starts a run and answers its syncId, failing unless the orchestrator accepted it.</summary>
    public async Task<string> StartRunAsync(Guid project)
    {
        using var response = await PostRunAsync(project);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("syncId").GetString()!;
    }

    public Task<HttpResponseMessage> GetAsync(Guid project, string path) =>
        Client.SendAsync(Signed(HttpMethod.Get, path, project));

    public async Task<JsonElement> GetJsonAsync(Guid project, string path)
    {
        using var response = await GetAsync(project, path);
        response.EnsureSuccessStatusCode();
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    /// <summary>Waits until the outbox relay has handed every event to RabbitMQ, which confirmed it.</summary>
    public Task OutboxDrainedAsync() => Eventually.TrueAsync(
        async () => await ScalarAsync("SELECT count(*) FROM sync.outbox WHERE sent_at IS NULL") == 0,
        "the outbox relay publishes every event");

    private HttpRequestMessage Signed(HttpMethod method, string path, Guid project) =>
        new HttpRequestMessage(method, path).SignedFor(Signature, project);
}

/// <summary>The orchestrator pointed at a RabbitMQ port where nothing listens.</summary>
public sealed class BrokerDownFixture : OrchestratorFixture
{
    protected override Uri Broker { get; } = new($"amqp://guest:guest@127.0.0.1:{ClosedPort()}/");

    protected override Task BusStartedAsync() => Task.CompletedTask;

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
