using System.Diagnostics;

namespace Connectors.Benchmarks.Infrastructure;

/// <summary>Closed-loop HTTP load on one URL: throughput with many connections, latency with one.</summary>
public sealed class LoadGenerator : IDisposable
{
    private readonly HttpClient _client;

    public LoadGenerator(int connections)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        Connections = connections;
    }

    public int Connections { get; }

    /// <summary>Requests completed by <see cref="Connections"/> loops in <paramref name="duration"/>.</summary>
    public async Task<(long Requests, TimeSpan Elapsed)> ThroughputAsync(
        Func<HttpRequestMessage> request,
        TimeSpan duration)
    {
        long requests = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, Connections).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await SendAsync(request);
                Interlocked.Increment(ref requests);
            }
        });
        await Task.WhenAll(loops);
        return (requests, clock.Elapsed);
    }

    /// <summary>Latencies (ms, sorted) of <paramref name="count"/> requests sent one after another.</summary>
    public async Task<double[]> LatenciesAsync(Func<HttpRequestMessage> request, int count)
    {
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await SendAsync(request);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return latencies;
    }

    public async Task<string> GetStringAsync(Func<HttpRequestMessage> request)
    {
        using var message = request();
        using var response = await _client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"{message.RequestUri} answered {(int)response.StatusCode}: {body}");
    }

    public void Dispose() => _client.Dispose();

    private async Task SendAsync(Func<HttpRequestMessage> request)
    {
        using var message = request();
        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{message.RequestUri} answered {(int)response.StatusCode}.");
        }
    }
}
