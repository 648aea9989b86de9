using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Connectors.Gateway.Cli;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Connectors.Gateway.Tests;

/// <summary>
/// The gateway on a fresh database, with echo servers in place of the registry, OAuth and orchestrator.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "http://localhost";

    private readonly TestDatabase _database = new();

    private readonly IReadOnlyDictionary<string, string> _settings;

    public GatewayFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Settings that replace or add to the test defaults.</param>
    internal GatewayFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    private WebApplicationFactory<Program> _factory = null!;

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public CallerSignature Signature => new(
        Options.Create(new InternalOptions { SigningKey = SigningKey }), TimeProvider.System);

    public EchoServer Registry { get; private set; } = null!;

    public EchoServer OAuth { get; private set; } = null!;

    public EchoServer Orchestrator { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Registry = await EchoServer.StartAsync("registry");
        OAuth = await EchoServer.StartAsync("oauth");
        Orchestrator = await EchoServer.StartAsync("orchestrator");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString);
            builder.UseSetting("Internal:SigningKey", SigningKey);
            builder.UseSetting("PublicBaseUrl", PublicBaseUrl);
            builder.UseSetting(Cluster("registry"), Registry.Address.ToString());
            builder.UseSetting(Cluster("oauth"), OAuth.Address.ToString());
            builder.UseSetting(Cluster("orchestrator"), Orchestrator.Address.ToString());
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _ = _factory.Server;
    }

    public HttpClient Client() =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public HttpClient ClientWithKey(string apiKey)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Runs a command of the gateway's executable and returns its exit code and stdout.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await GatewayCommand.Parse(args)!.RunAsync(Services, output, error, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    public async Task<(Guid ProjectId, string ApiKey)> CreateProjectAsync(string name = "Acme analytics")
    {
        var (_, output) = await RunCommandAsync("create-project", name);
        using var document = JsonDocument.Parse(output);
        return (document.RootElement.GetProperty("projectId").GetGuid(),
            document.RootElement.GetProperty("apiKey").GetString()!);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Registry.DisposeAsync();
        await OAuth.DisposeAsync();
        await Orchestrator.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string Cluster(string name) => $"ReverseProxy:Clusters:{name}:Destinations:primary:Address";
}
