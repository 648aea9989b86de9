using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace Connectors.Testing;

/// <summary>
/// The whole product as separate processes, exactly as it is deployed: gateway, registry, OAuth, orchestrator,
/// workers and the provider sandbox, on free loopback ports, against a fresh database and RabbitMQ virtual host.
/// Tests talk to it only through the gateway (and the sandbox's admin API, which stands for the platform).
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    private static readonly string[] Services =
        ["Sandbox", "ConnectorRegistry", "OAuth", "SyncOrchestrator", "Workers", "Gateway"];

    private readonly Dictionary<string, int> _ports = Services.ToDictionary(name => name, _ => FreePort());
    private readonly List<Process> _processes = [];
    private readonly string _logs;
    private readonly IReadOnlyDictionary<string, string> _overrides;

    /// <param name="overrides">
    /// Settings (environment variable names and values) that replace or add to the defaults for every service, e.g.
    /// to point one platform's API at a validating proxy. <c>{Sandbox}</c> in a value is replaced by the sandbox URL,
    /// <c>{Postgres}</c> by the test database's connection string.
    /// </param>
    /// <param name="servers">
    /// The PostgreSQL and RabbitMQ servers to create the database and virtual host on; the shared test servers
    /// (<see cref="TestServers"/>) when null.
    /// </param>
    public RunningSystem(IReadOnlyDictionary<string, string>? overrides = null, ServerAddresses? servers = null)
    {
        _overrides = overrides ?? new Dictionary<string, string>();
        Database = new TestDatabase(servers?.PostgresAdmin);
        VirtualHost = new TestVirtualHost(servers?.Amqp, servers?.RabbitManagement);
        _logs = Path.Combine(TestServers.RepositoryRoot, "artifacts", "test-results", "system-logs", Database.Name);
        Directory.CreateDirectory(_logs);
    }

    public TestDatabase Database { get; }

    public TestVirtualHost VirtualHost { get; }

    public Uri Gateway => new($"http://127.0.0.1:{_ports["Gateway"]}");

    public Uri Sandbox => new($"http://127.0.0.1:{_ports["Sandbox"]}");

    public string LogsDirectory => _logs;

    /// <summary>The key the services sign internal calls with, so a test can act as one of them.</summary>
    public string SigningKey { get; } = NewKey();

    public Uri ServiceUrl(string service) => new($"http://127.0.0.1:{_ports[service]}");

    /// <summary>Starts one more instance of a service (e.g. a second worker) on a free port.</summary>
    public async Task<Uri> StartAnotherAsync(string service)
    {
        var port = FreePort();
        var info = ProcessInfo(service, Environment(), ["--urls", $"http://127.0.0.1:{port}"]);
        var process = Process.Start(info)!;
        Capture(process, $"{service}-{port}");
        _processes.Add(process);
        await WaitReadyAsync(service, process, port);
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>Kills a service's first instance at once (as <c>kill -9</c> would) and waits for it to exit.</summary>
    public async Task KillAsync(string service)
    {
        var process = _processes[Array.IndexOf(Services, service)];
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts a killed service's first instance again on its port and waits until it is ready.</summary>
    public async Task RestartAsync(string service)
    {
        await KillAsync(service);
        var index = Array.IndexOf(Services, service);
        var info = ProcessInfo(service, Environment(), ["--urls", $"http://127.0.0.1:{_ports[service]}"]);
        var process = Process.Start(info)!;
        Capture(process, $"{service}-restarted-{++_restarts}");
        _processes[index].Dispose();
        _processes[index] = process;
        await WaitReadyAsync(service, process, _ports[service]);
    }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await VirtualHost.InitializeAsync();
        var environment = Environment();

        // The gateway's command line creates its schema, so the services find a migrated database.
        await CreateProjectAsync("warm-up", environment);

        foreach (var service in Services)
        {
            _processes.Add(Start(service, environment));
        }

        await Task.WhenAll(Services.Select(service =>
            WaitReadyAsync(service, _processes[Array.IndexOf(Services, service)], _ports[service])));
    }

    /// <summary>Creates a project with the gateway's command line, as an operator would.</summary>
    public Task<Project> CreateProjectAsync(string name) => CreateProjectAsync(name, Environment());

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    private async Task<Project> CreateProjectAsync(string name, Dictionary<string, string> environment)
    {
        var info = ProcessInfo("Gateway", environment, ["create-project", name]);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-project failed ({process.ExitCode}): {errors}");
        }

        return JsonSerializer.Deserialize<Project>(output.Trim(), JsonSerializerOptions.Web)!;
    }

    private Dictionary<string, string> Environment()
    {
        string Url(string service) => $"http://127.0.0.1:{_ports[service]}";
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = VirtualHost.Amqp.ToString(),
            ["Internal__SigningKey"] = SigningKey,
            ["Encryption__ActiveKeyId"] = "e2e",
            ["Encryption__Keys__e2e"] = _encryptionKey,
            ["PublicBaseUrl"] = Url("Gateway"),
            ["Sandbox__BaseUrl"] = Url("Sandbox"),
            ["Services__Registry"] = Url("ConnectorRegistry"),
            ["Services__OAuth"] = Url("OAuth"),
            ["Services__Orchestrator"] = Url("SyncOrchestrator"),
            ["ReverseProxy__Clusters__registry__Destinations__primary__Address"] = Url("ConnectorRegistry"),
            ["ReverseProxy__Clusters__oauth__Destinations__primary__Address"] = Url("OAuth"),
            ["ReverseProxy__Clusters__orchestrator__Destinations__primary__Address"] = Url("SyncOrchestrator"),
            ["Sync__ScheduleEnabled"] = "false",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value
                .Replace("{Sandbox}", Url("Sandbox"), StringComparison.Ordinal)
                .Replace("{Postgres}", Database.ConnectionString, StringComparison.Ordinal);
        }

        return settings;
    }

    private readonly string _encryptionKey = NewKey();

    private int _restarts;

    private static string NewKey() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private Process Start(string service, Dictionary<string, string> environment)
    {
        var info = ProcessInfo(service, environment, ["--urls", $"http://127.0.0.1:{_ports[service]}"]);
        var process = Process.Start(info)!;
        Capture(process, service);
        return process;
    }

    private void Capture(Process process, string name)
    {
        var log = new StreamWriter(Path.Combine(_logs, name + ".log")) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static ProcessStartInfo ProcessInfo(
        string service,
        Dictionary<string, string> environment,
        IEnumerable<string> arguments)
    {
        var folder = Path.Combine(TestServers.RepositoryRoot, "services", service, "bin", Configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(folder, $"Connectors.{service}.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private async Task WaitReadyAsync(string service, Process process, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{service} exited with {process.ExitCode}; see {Path.Combine(_logs, service + ".log")}");
            }

            try
            {
                var response = await client.GetAsync($"http://127.0.0.1:{port}/health/ready");
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

        throw new TimeoutException($"{service} did not become ready; see {Path.Combine(_logs, service + ".log")}");
    }

    private static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Where a PostgreSQL server (its admin connection string) and a RabbitMQ broker (and its management API) are.
/// </summary>
public sealed record ServerAddresses(string PostgresAdmin, Uri Amqp, Uri RabbitManagement);

/// <summary>A project and its API key, as printed by <c>create-project</c>.</summary>
public sealed record Project(Guid ProjectId, string ApiKey);
