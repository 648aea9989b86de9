using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Connectors.Benchmarks.Infrastructure;

/// <summary>
/// Samples the resident memory of every tracked process a few times a second and keeps, per process, the value
/// when idle and the peak under each named load.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, int> _processes = new();
    private readonly ConcurrentDictionary<(string Service, string Phase), double> _peaks = new();
    private readonly ConcurrentDictionary<string, double> _idle = new();
    private readonly List<string> _phases = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string? _phase;

    public MemorySampler() => _loop = Task.Run(LoopAsync);

    public void Track(string service, int pid) => _processes[service] = pid;

    /// <summary>Records the idle memory of every tracked process that has none yet.</summary>
    public void SampleIdle()
    {
        foreach (var (service, pid) in _processes)
        {
            if (!_idle.ContainsKey(service) && ProcessStats.ResidentMiB(pid) is { } rss)
            {
                _idle[service] = rss;
            }
        }
    }

    /// <summary>Peaks from now on count for <paramref name="phase"/> until the returned scope ends.</summary>
    public IDisposable Phase(string phase)
    {
        lock (_phases)
        {
            if (!_phases.Contains(phase))
            {
                _phases.Add(phase);
            }
        }

        _phase = phase;
        return new PhaseScope(this);
    }

    public void Render(StringBuilder markdown)
    {
        var services = _processes.Keys.Order(StringComparer.Ordinal).ToList();
        var headers = _phases.Select(phase => $"Peak: {phase} (MiB)");
        markdown.AppendLine("| Process | Idle (MiB) | " + string.Join(" | ", headers) + " |");
        markdown.AppendLine("| --- | ---: | " + string.Join(" | ", _phases.Select(_ => "---:")) + " |");
        foreach (var service in services)
        {
            var idle = _idle.TryGetValue(service, out var value)
                ? value.ToString("0", CultureInfo.InvariantCulture)
                : "—";
            var peaks = _phases.Select(phase => _peaks.TryGetValue((service, phase), out var peak)
                ? peak.ToString("0", CultureInfo.InvariantCulture)
                : "—");
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {service} | {idle} | {string.Join(" | ", peaks)} |");
        }

        markdown.AppendLine();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            if (_phase is not { } phase)
            {
                continue;
            }

            foreach (var (service, pid) in _processes)
            {
                if (ProcessStats.ResidentMiB(pid) is { } rss)
                {
                    _peaks.AddOrUpdate((service, phase), rss, (_, peak) => Math.Max(peak, rss));
                }
            }
        }
    }

    private sealed class PhaseScope(MemorySampler sampler) : IDisposable
    {
        public void Dispose() => sampler._phase = null;
    }
}
