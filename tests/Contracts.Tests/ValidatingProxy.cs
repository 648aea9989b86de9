using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connectors.ContractChecks;

/// <summary>A request a validating proxy saw: whether it passed the check and went on to the sandbox.</summary>
public sealed record ProxiedRequest(string Method, string Path, bool Forwarded);

/// <summary>
/// One third-party validating proxy (Prism, or a Node adapter over protobufjs or Ajv) run as a child process on a
/// loopback port chosen before it starts, in front of one sandbox host. Its output is kept to read what it checked.
/// </summary>
public abstract partial class ValidatingProxy : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private StreamWriter? _log;

    protected ValidatingProxy(string name)
    {
        Name = name;
        Port = FreePort();
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>A mark in the proxy's output: what it writes from now on is after it.</summary>
    public int Mark()
    {
        lock (_lines)
        {
            return _lines.Count;
        }
    }

    /// <summary>The lines the proxy wrote since <paramref name="mark"/>.</summary>
    public IReadOnlyList<string> LinesSince(int mark)
    {
        lock (_lines)
        {
            return [.. _lines.Skip(mark)];
        }
    }

    /// <summary>The requests the proxy received since <paramref name="mark"/>, in order.</summary>
    public abstract IReadOnlyList<ProxiedRequest> Requests(int mark);

    /// <summary>What the proxy found wrong since <paramref name="mark"/>, in requests or in relayed answers.</summary>
    public abstract IReadOnlyList<string> Violations(int mark);

    /// <summary>
    /// Waits until the proxy's output satisfies <paramref name="condition"/>: a proxy logs after it answers.
    /// </summary>
    public async Task WhenAsync(Func<ValidatingProxy, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition(this) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Starts the proxy in front of <paramref name="upstream"/> and waits until it listens.</summary>
    public async Task StartAsync(Uri upstream, string logsDirectory)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = ContractTools.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(upstream.ToString().TrimEnd('/')))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        _log = new StreamWriter(Path.Combine(logsDirectory, $"proxy-{Name}.log")) { AutoFlush = true };
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{Name} did not start.");
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _ready.TrySetException(
            new InvalidOperationException($"{Name} exited at start; see proxy-{Name}.log in {logsDirectory}"));
        await _ready.Task.WaitAsync(StartTimeout);
    }

    protected abstract IEnumerable<string> Arguments(string upstream);

    protected abstract bool IsReadyLine(string line);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            _log?.WriteLine(line);
        }

        if (IsReadyLine(line))
        {
            _ready.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Stoplight Prism in validating proxy mode (<c>prism proxy &lt;spec&gt; &lt;upstream&gt; --errors</c>).
/// </summary>
public sealed partial class PrismProxy(string name, string spec) : ValidatingProxy(name)
{
    protected override IEnumerable<string> Arguments(string upstream) =>
        [ContractTools.Prism, "proxy", spec, upstream, "--errors", "--host", "127.0.0.1", "--port", $"{Port}"];

    protected override bool IsReadyLine(string line) =>
        line.Contains("Prism is listening on", StringComparison.Ordinal);

    public override IReadOnlyList<ProxiedRequest> Requests(int mark)
    {
        var lines = LinesSince(mark);
        var forwarded = lines.Select(line => ForwardedLine().Match(line)).Where(match => match.Success)
            .Select(match => (Method: match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value))
            .ToList();
        return
        [
            .. lines.Select(line => ReceivedLine().Match(line)).Where(match => match.Success).Select(match =>
            {
                var request = (Method: match.Groups[1].Value.ToUpperInvariant(), Path: match.Groups[2].Value);
                var index = forwarded.FindIndex(sent => sent.Method == request.Method
                    && sent.Value.EndsWith(request.Path, StringComparison.Ordinal));
                if (index >= 0)
                {
                    forwarded.RemoveAt(index);
                }

                return new ProxiedRequest(request.Method, request.Path, index >= 0);
            }),
        ];
    }

    public override IReadOnlyList<string> Violations(int mark) =>
        [.. LinesSince(mark).Where(line => line.Contains("Violation:", StringComparison.Ordinal)
            || line.Contains("Request terminated with error", StringComparison.Ordinal))];

    [GeneratedRegex(@"\[HTTP SERVER\] (\w+) (\S+) .*Request received")]
    private static partial Regex ReceivedLine();

    [GeneratedRegex("""Forwarding "(\w+)" request to (\S+?)(?:\?\S*)?\.\.\.$""")]
    private static partial Regex ForwardedLine();
}

/// <summary>
/// A Node adapter of <c>tools/contracts</c> that maps a vendor description onto a third-party checker.
/// </summary>
public sealed class AdapterProxy(string name, string script, string specs) : ValidatingProxy(name)
{
    protected override IEnumerable<string> Arguments(string upstream) =>
        [script, "--port", $"{Port}", "--upstream", upstream, "--specs", specs];

    protected override bool IsReadyLine(string line) => line.StartsWith("{\"listening\"", StringComparison.Ordinal);

    public override IReadOnlyList<ProxiedRequest> Requests(int mark) =>
        [.. Entries(mark).Select(entry => new ProxiedRequest(entry.Method!, entry.Path!, entry.Forwarded))];

    public override IReadOnlyList<string> Violations(int mark) =>
        [.. Entries(mark).SelectMany(entry => entry.Violations ?? []).Concat(Entries(mark)
            .Where(entry => entry.Error is not null).Select(entry => $"{entry.Method} {entry.Path}: {entry.Error}"))];

    private IEnumerable<Entry> Entries(int mark) =>
        LinesSince(mark).Where(line => line.StartsWith("{\"method\"", StringComparison.Ordinal))
            .Select(line => JsonSerializer.Deserialize<Entry>(line, JsonSerializerOptions.Web)!);

    private sealed record Entry(string? Method, string? Path, List<string>? Violations, bool Forwarded, string? Error);
}
