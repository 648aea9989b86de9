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

    public RunningSystem()
    {
        _logs = Path.Combine(TestServers.RepositoryRoot, "artifacts", "test-results", "system-logs", Database.Name);
        Directory.CreateDirectory(_logs);
    }

    public TestDatabase Database { get; } = new();

    public TestVirtualHost VirtualHost { get; } = new();

    public Uri Gateway => new($"http://127.0.0.1:{_ports["Gateway"]}");

    public Uri Sandbox => new($"http://127.0.0.1:{_ports["Sandbox"]}");

    public string LogsDirectory => _logs;

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

        await Task.WhenAll(Services.Select(WaitReadyAsync));
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
        return new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = VirtualHost.Amqp.ToString(),
            ["Internal__SigningKey"] = SigningKey,
            ["Encryption__ActiveKeyId"] = "e2e",
            ["Encryption__Keys__e2e"] = EncryptionKey,
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
    }

    private static readonly string SigningKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

    private static readonly string EncryptionKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

    private Process Start(string service, Dictionary<string, string> environment)
    {
        var info = ProcessInfo(service, environment, ["--urls", $"http://127.0.0.1:{_ports[service]}"]);
        var process = Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(_logs, service + ".log")) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
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

    private async Task WaitReadyAsync(string service)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var process = _processes[Array.IndexOf(Services, service)];
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{service} exited with {process.ExitCode}; see {Path.Combine(_logs, service + ".log")}");
            }

            try
            {
                var response = await client.GetAsync($"http://127.0.0.1:{_ports[service]}/health/ready");
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

/// <summary>A project and its API key, as printed by <c>create-project</c>.</summary>
public sealed record Project(Guid ProjectId, string ApiKey);
