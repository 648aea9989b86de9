using System.Diagnostics;
using Connectors.Testing;

namespace Connectors.EndToEnd.Tests;

/// <summary>
/// The sample downstream consumer (<c>samples/ChangedRowsConsumer</c>) as its own process, as a downstream team
/// would run it: on the running system's database and broker, listening on a queue of its own.
/// </summary>
public sealed class ChangedRowsSample : IAsyncDisposable
{
    private const string Name = "Connectors.Samples.ChangedRowsConsumer";

    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChangedRowsSample(RunningSystem system, string queue)
    {
        var configuration = AppContext.BaseDirectory.Contains(
            $"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var folder = Path.Combine(
            TestServers.RepositoryRoot, "samples", "ChangedRowsConsumer", "bin", configuration, "net10.0");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(folder, Name + ".dll"));
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Postgres"] = system.Database.ConnectionString;
        info.Environment["ConnectionStrings__RabbitMq"] = system.VirtualHost.Amqp.ToString();
        info.Environment["ChangedRows__Queue"] = queue;
        var log = new StreamWriter(Path.Combine(system.LogsDirectory, "ChangedRowsConsumer.log")) { AutoFlush = true };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, line) => Capture(log, line.Data);
        _process.ErrorDataReceived += (_, line) => Capture(log, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the sample and waits until it listens on <paramref name="queue"/>.</summary>
    public static async Task<ChangedRowsSample> StartAsync(RunningSystem system, string queue)
    {
        var sample = new ChangedRowsSample(system, queue);
        var exited = sample._process.WaitForExitAsync();
        var first = await Task.WhenAny(sample._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != sample._listening.Task)
        {
            await sample.DisposeAsync();
            var log = Path.Combine(system.LogsDirectory, "ChangedRowsConsumer.log");
            throw new InvalidOperationException($"The sample did not start listening; see {log}");
        }

        return sample;
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

    private void Capture(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }

        if (line.Contains("Waiting for SyncCompleted on queue", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }
}
