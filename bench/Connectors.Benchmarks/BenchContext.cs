using Connectors.Benchmarks.Infrastructure;

namespace Connectors.Benchmarks;

/// <summary>What every benchmark shares: its options, the memory sampler and the report's sections.</summary>
public sealed class BenchContext(BenchOptions options, MemorySampler memory)
{
    public BenchOptions Options { get; } = options;

    public MemorySampler Memory { get; } = memory;

    public List<Section> Sections { get; } = [];

    /// <summary>The bench program's own assembly, started again in a helper mode (the YARP host).</summary>
    public static string Assembly { get; } = typeof(BenchContext).Assembly.Location;

    public static void Say(string message) =>
        Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Starts a helper host of this program in its own process and waits until it answers.</summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartHostAsync(
        string mode,
        IReadOnlyDictionary<string, string> settings,
        string logPath)
    {
        var url = new Uri($"http://127.0.0.1:{ProductSystem.FreePort()}");
        var process = ChildProcess.Start(Assembly, [mode, "--urls", url.ToString().TrimEnd('/')], settings, logPath);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {mode} host exited; see {logPath}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(url, "/bench/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return (process, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The {mode} host did not answer; see {logPath}");
    }
}
