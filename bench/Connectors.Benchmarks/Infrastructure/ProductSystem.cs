using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using Microsoft.Extensions.Options;

namespace Connectors.Benchmarks.Infrastructure;

/// <summary>
/// Services of the product as separate Release processes on free loopback ports, against a fresh database and
/// RabbitMQ virtual host, started the way <c>RunningSystem</c> starts them, but exposing what a benchmark needs:
/// process ids, the signing key, extra settings, and a subset of the services.
/// </summary>
public sealed class ProductSystem : IAsyncDisposable
{
    public const string Sandbox = "Sandbox";
    public const string Registry = "ConnectorRegistry";
    public const string OAuth = "OAuth";
    public const string Orchestrator = "SyncOrchestrator";
    public const string Workers = "Workers";
    public const string Gateway = "Gateway";

    public static readonly IReadOnlyList<string> Everything =
        [Sandbox, Registry, OAuth, Orchestrator, Workers, Gateway];

    private readonly IReadOnlyList<string> _services;
    private readonly Dictionary<string, int> _ports;
    private readonly Dictionary<string, ChildProcess> _processes = [];
    private readonly Dictionary<string, string> _settings;
    private readonly string _logs;

    public ProductSystem(string name, IReadOnlyList<string> services, IReadOnlyDictionary<string, string> settings)
    {
        _services = services;
        _ports = Everything.ToDictionary(service => service, _ => FreePort());
        _logs = Path.Combine(TestServers.RepositoryRoot, "artifacts", "bench", name);
        Directory.CreateDirectory(_logs);
        _settings = BaseSettings();
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        Signature = new CallerSignature(
            Options.Create(new InternalOptions { SigningKey = SigningKey }), TimeProvider.System);
    }

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string EncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Signs calls made straight to a service, as the gateway would.</summary>
    public CallerSignature Signature { get; }

    public TestDatabase Database { get; } = new();

    public TestVirtualHost VirtualHost { get; } = new();

    public string LogsDirectory => _logs;

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) ? "Debug" : "Release";

    public Uri Url(string service) => new($"http://127.0.0.1:{_ports[service]}");

    public ChildProcess Process(string service) => _processes[service];

    public IReadOnlyDictionary<string, ChildProcess> Processes => _processes;

    public async Task StartAsync()
    {
        await Database.InitializeAsync();
        await VirtualHost.InitializeAsync();
        _settings["ConnectionStrings__Postgres"] = Database.ConnectionString;
        _settings["ConnectionStrings__RabbitMq"] = VirtualHost.Amqp.ToString();
        if (_services.Contains(Gateway))
        {
            // The gateway's command line creates its schema before the services take traffic.
            await CreateProjectAsync("warm-up");
        }

        foreach (var service in _services)
        {
            _processes[service] = ChildProcess.Start(
                ServiceAssembly(service),
                ["--urls", Url(service).ToString().TrimEnd('/')],
                _settings,
                Path.Combine(_logs, service + ".log"));
        }

        await Task.WhenAll(_services.Select(WaitReadyAsync));
    }

    /// <summary>Creates a project with the gateway's command line, as an operator would.</summary>
    public async Task<Project> CreateProjectAsync(string name)
    {
        var output = await ChildProcess.RunAsync(ServiceAssembly(Gateway), ["create-project", name], _settings);
        return JsonSerializer.Deserialize<Project>(output.Trim(), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("create-project printed nothing.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await process.DisposeAsync();
        }

        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    public static string ServiceAssembly(string service) => Path.Combine(
        TestServers.RepositoryRoot, "services", service, "bin", Configuration, "net10.0", $"Connectors.{service}.dll");

    private Dictionary<string, string> BaseSettings()
    {
        string Address(string service) => Url(service).ToString().TrimEnd('/');
        return new Dictionary<string, string>
        {
            // As deployed (docker-compose.yml): no developer exception page, no scope validation on each resolve.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Internal__SigningKey"] = SigningKey,
            ["Encryption__ActiveKeyId"] = "bench",
            ["Encryption__Keys__bench"] = EncryptionKey,
            ["PublicBaseUrl"] = Address(Gateway),
            ["Sandbox__BaseUrl"] = Address(Sandbox),
            ["Services__Registry"] = Address(Registry),
            ["Services__OAuth"] = Address(OAuth),
            ["Services__Orchestrator"] = Address(Orchestrator),
            ["ReverseProxy__Clusters__registry__Destinations__primary__Address"] = Address(Registry),
            ["ReverseProxy__Clusters__oauth__Destinations__primary__Address"] = Address(OAuth),
            ["ReverseProxy__Clusters__orchestrator__Destinations__primary__Address"] = Address(Orchestrator),
            ["Sync__ScheduleEnabled"] = "false",
        };
    }

    private async Task WaitReadyAsync(string service)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var process = _processes[service];
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{service} exited at start; see {process.LogPath}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Url(service), "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{service} did not become ready; see {process.LogPath}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
