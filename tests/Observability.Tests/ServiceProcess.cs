using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Connectors.Testing;

namespace Connectors.Observability.Tests;

/// <summary>One service of the product started alone, as a process, with the settings a test gives it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(string service, IReadOnlyDictionary<string, string> settings)
    {
        Url = new Uri($"http://127.0.0.1:{FreePort()}");
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var folder = Path.Combine(TestServers.RepositoryRoot, "services", service, "bin", configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(folder, $"Connectors.{service}.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Url.ToString());
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServiceProcess Start(string service, IReadOnlyDictionary<string, string> settings) =>
        new(service, settings);

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers <paramref name="expected"/>.</summary>
    public async Task WaitForReadinessAsync(HttpStatusCode expected)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var last = "";
        async Task<string?> ProbeAsync()
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited ({_process.ExitCode}): {Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Url, "/health/ready"));
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.StatusCode == expected ? last : null;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }

        try
        {
            await Eventually.ReturnsAsync(ProbeAsync, $"/health/ready to answer {(int)expected}");
        }
        catch (Xunit.Sdk.XunitException exception)
        {
            throw new Xunit.Sdk.XunitException($"{exception.Message}; its last answer: {last}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
