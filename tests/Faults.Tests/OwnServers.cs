using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Connectors.Testing;

namespace Connectors.Faults.Tests;

/// <summary>
/// A PostgreSQL server and a RabbitMQ broker of this test run alone, from Debian's packages as
/// <c>scripts/infra.sh</c> starts them, on free loopback ports with their data in a temporary folder, so the tests
/// can stop and restart them without disturbing anyone. Everything is removed at the end.
/// </summary>
public sealed class OwnServers : IAsyncLifetime
{
    private const string RabbitBin = "/usr/lib/rabbitmq/bin";
    private static readonly bool IsRoot = Environment.UserName == "root";

    private readonly string _root =
        Path.Combine(Path.GetTempPath(), "connectors-faults-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _pgPort = FreePort();
    private readonly int _amqpPort = FreePort();
    private readonly int _managementPort = FreePort();
    private readonly int _distPort = FreePort();
    private readonly int _epmdPort = FreePort();
    private readonly string _pgBin = Directory.GetDirectories("/usr/lib/postgresql")
        .OrderBy(path => int.Parse(Path.GetFileName(path))).Last() + "/bin";

    private Process? _rabbit;

    public ServerAddresses Addresses => new(
        $"Host=127.0.0.1;Port={_pgPort};Username=postgres;Database=postgres;Timeout=5;Keepalive=1",
        new Uri($"amqp://guest:guest@127.0.0.1:{_amqpPort}/"),
        new Uri($"http://guest:guest@127.0.0.1:{_managementPort}/"));

    private string PostgresData => Path.Combine(_root, "postgres");

    private string RabbitData => Path.Combine(_root, "rabbitmq");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(PostgresData);
        await InitPostgresAsync();
        await StartPostgresAsync();
        await StartRabbitAsync();
    }

    public async Task StopPostgresAsync() =>
        await RunAsync(Postgres("pg_ctl", "-D", PostgresData, "-m", "fast", "-w", "stop"));

    public async Task StartPostgresAsync() => await RunAsync(
        Postgres("pg_ctl", "-D", PostgresData, "-l", Path.Combine(PostgresData, "server.log"), "-w", "-t", "60",
            "start"));

    public async Task RestartPostgresAsync()
    {
        await StopPostgresAsync();
        await StartPostgresAsync();
    }

    public async Task StopRabbitAsync()
    {
        if (_rabbit is null)
        {
            return;
        }

        await RunAsync(Rabbit("rabbitmqctl", "-q", "stop", Path.Combine(RabbitData, "rabbitmq.pid")));
        await _rabbit.WaitForExitAsync();
        _rabbit.Dispose();
        _rabbit = null;
    }

    public async Task StartRabbitAsync()
    {
        var home = Path.Combine(RabbitData, "home");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(Path.Combine(RabbitData, "log"));
        var cookie = Path.Combine(home, ".erlang.cookie");
        if (!File.Exists(cookie))
        {
            await File.WriteAllTextAsync(cookie, Guid.NewGuid().ToString("N"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
            }

            await File.WriteAllTextAsync(Path.Combine(RabbitData, "enabled_plugins"), "[rabbitmq_management].");
            await File.WriteAllTextAsync(Path.Combine(RabbitData, "advanced.config"), "[].");
            await File.WriteAllTextAsync(Path.Combine(RabbitData, "rabbitmq.conf"), $"""
                listeners.tcp.local = 127.0.0.1:{_amqpPort}
                management.tcp.ip = 127.0.0.1
                management.tcp.port = {_managementPort}
                loopback_users.guest = true
                log.console = false
                log.file.level = warning
                """);
        }

        var start = Rabbit("rabbitmq-server");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _rabbit = Process.Start(start)!;
        _rabbit.OutputDataReceived += (_, _) => { };
        _rabbit.ErrorDataReceived += (_, _) => { };
        _rabbit.BeginOutputReadLine();
        _rabbit.BeginErrorReadLine();
        await WaitForRabbitAsync(_rabbit);
        await WaitForManagementAsync();
    }

    public async Task RestartRabbitAsync()
    {
        await StopRabbitAsync();
        await StartRabbitAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopRabbitAsync();
            var epmd = Rabbit("epmd", "-kill");
            epmd.FileName = "epmd";
            await RunAsync(epmd, check: false);
            await StopPostgresAsync();
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task InitPostgresAsync()
    {
        if (IsRoot)
        {
            Directory.CreateDirectory(_root);
            await RunAsync(Command("chown", "-R", "postgres", _root));
        }

        await RunAsync(Postgres("initdb", "-D", PostgresData, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8"));
        var settings = $"""

            listen_addresses = '127.0.0.1'
            port = {_pgPort}
            unix_socket_directories = ''
            max_connections = 200
            fsync = off

            """;
        await RunAsync(IsRoot
            ? Command("runuser", "-u", "postgres", "--", "sh", "-c",
                $"cat >> '{PostgresData}/postgresql.conf' <<'CONF'{settings}CONF")
            : Command("sh", "-c", $"cat >> '{PostgresData}/postgresql.conf' <<'CONF'{settings}CONF"));
    }

    private ProcessStartInfo Postgres(string tool, params string[] arguments) => IsRoot
        ? Command("runuser", ["-u", "postgres", "--", Path.Combine(_pgBin, tool), .. arguments])
        : Command(Path.Combine(_pgBin, tool), arguments);

    private ProcessStartInfo Rabbit(string tool, params string[] arguments)
    {
        var info = Command(Path.Combine(RabbitBin, tool), arguments);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(RabbitData, "home"),
            ["RABBITMQ_NODENAME"] = $"faults{_amqpPort}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = _amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(RabbitData, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(RabbitData, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(RabbitData, "rabbitmq.pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(RabbitData, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(RabbitData, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(RabbitData, "advanced.config"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static ProcessStartInfo Command(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static async Task<bool> RunAsync(ProcessStartInfo info, bool check = true)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{info.FileName} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): "
                + await output + await errors);
        }

        return process.ExitCode == 0;
    }

    private async Task WaitForRabbitAsync(Process rabbit)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (rabbit.HasExited)
            {
                throw new InvalidOperationException(
                    $"RabbitMQ exited with {rabbit.ExitCode}; see {Path.Combine(RabbitData, "log")}");
            }

            if (await RunAsync(Rabbit("rabbitmqctl", "-q", "await_startup", "--timeout", "2"), check: false))
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("RabbitMQ did not start.");
    }

    private async Task WaitForManagementAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{_managementPort}/");
                if (response.IsSuccessStatusCode)
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

            await Task.Delay(500);
        }

        throw new TimeoutException("The RabbitMQ management API did not answer.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
