using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Benchmarks.Infrastructure;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Dapper;

namespace Connectors.Benchmarks.Suites;

/// <summary>
/// <c>GET /api/connectors</c> of a project with seven connectors: through the gateway (API key), through a bare
/// YARP host that signs the caller header, and straight to the registry (signed by the load generator).
/// </summary>
public sealed class GatewayBench(BenchContext context, ProductSystem system)
{
    private const int Connections = 32;

    private TimeSpan Duration => context.Options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    private int LatencyRequests => context.Options.Quick ? 300 : 1500;

    // Long enough for tiered compilation to finish: the first rounds otherwise measure the JIT (a third of the
    // gateway's CPU in its first 40 s under load), which weighs on the process with the most code, the gateway.
    private TimeSpan WarmUp => context.Options.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(15);

    public async Task RunAsync()
    {
        BenchContext.Say("gateway: seeding a project with seven connectors");
        var project = await system.CreateProjectAsync("gateway bench");
        await SeedConnectorsAsync(project.ProjectId);
        var (yarp, yarpUrl) = await BenchContext.StartHostAsync("yarp-host", new Dictionary<string, string>
        {
            ["Bench__Destination"] = system.Url(ProductSystem.Registry).ToString(),
            ["Bench__ProjectId"] = project.ProjectId.ToString(),
            ["Internal__SigningKey"] = system.SigningKey,
            ["DOTNET_gcServer"] = "1",
        }, Path.Combine(system.LogsDirectory, "YarpHost.log"));
        await using var yarpProcess = yarp;
        context.Memory.Track("bare YARP host", yarp.Id);

        var targets = new Target[]
        {
            new("gateway", () => Get(system.Url(ProductSystem.Gateway), request =>
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey)),
                system.Process(ProductSystem.Gateway).Id),
            new("bare YARP", () => Get(yarpUrl, _ => { }), yarp.Id),
            new("direct", () => Get(system.Url(ProductSystem.Registry), request =>
                request.Headers.Add(CallerSignature.HeaderName, system.Signature.Sign(project.ProjectId))),
                system.Process(ProductSystem.Registry).Id),
        };

        using var many = new LoadGenerator(Connections);
        using var one = new LoadGenerator(1);
        foreach (var target in targets)
        {
            await CheckAsync(one, target);
            await many.ThroughputAsync(target.Request, WarmUp);
            await one.LatenciesAsync(target.Request, LatencyRequests);
        }

        var section = CreateSection();
        using (context.Memory.Phase("gateway load"))
        {
            for (var round = 0; round < context.Options.Rounds; round++)
            {
                BenchContext.Say($"gateway: round {round + 1}/{context.Options.Rounds}");
                var order = targets.Skip(round % targets.Length).Concat(targets.Take(round % targets.Length));
                var results = new Dictionary<string, RoundResult>();
                foreach (var target in order)
                {
                    results[target.Name] = await MeasureAsync(many, one, target);
                }

                Record(section, results);
            }
        }

        section.Notes.Add($"Throughput: {Connections} connections in a closed loop for " +
            $"{Duration.TotalSeconds:0} s per target and round; latency: {LatencyRequests} requests one after " +
            "another on one connection. The targets take turns in a different order each round.");
        section.Notes.Add("CPU per request: user + system CPU time of the process (/proc/[pid]/stat) during the " +
            "throughput window, divided by the requests served; the direct row is the registry itself.");
        section.Notes.Add("The gateway's per-project rate limiter runs on every request with its budget raised " +
            "(`Gateway__RateLimit__PermitsPerSecond` and `Burst` 100,000) so that it never rejects the load.");
        context.Sections.Add(section);
    }

    private async Task<RoundResult> MeasureAsync(LoadGenerator many, LoadGenerator one, Target target)
    {
        var cpuBefore = ProcessStats.CpuTime(target.Pid);
        var (requests, elapsed) = await many.ThroughputAsync(target.Request, Duration);
        var cpu = ProcessStats.CpuTime(target.Pid) - cpuBefore;
        var latencies = await one.LatenciesAsync(target.Request, LatencyRequests);
        return new RoundResult(
            requests / elapsed.TotalSeconds,
            Summary.Percentile(latencies, 50),
            Summary.Percentile(latencies, 99),
            cpu.TotalMicroseconds / requests);
    }

    private static Section CreateSection() => new(
        "Gateway: GET /api/connectors (seven connectors)",
        "The product's gateway (API-key authentication, caller signature, YARP) against a bare YARP host in its own " +
        "process that only signs the caller header, and against the registry called directly with a signed header.");

    private static void Record(Section section, Dictionary<string, RoundResult> results)
    {
        var gateway = results["gateway"];
        var yarp = results["bare YARP"];
        var direct = results["direct"];
        Add(section, "Throughput, gateway", "req/s", gateway.Throughput);
        Add(section, "Throughput, bare YARP", "req/s", yarp.Throughput);
        Add(section, "Throughput, direct", "req/s", direct.Throughput);
        Add(section, "Gateway ÷ bare YARP throughput", "ratio", gateway.Throughput / yarp.Throughput,
            Goal.AtLeast(0.9));
        Add(section, "Bare YARP ÷ direct throughput", "ratio", yarp.Throughput / direct.Throughput);
        Add(section, "p50 latency, gateway", "ms", gateway.P50);
        Add(section, "p50 latency, bare YARP", "ms", yarp.P50);
        Add(section, "p50 latency, direct", "ms", direct.P50);
        Add(section, "p99 latency, gateway", "ms", gateway.P99);
        Add(section, "p99 latency, direct", "ms", direct.P99);
        Add(section, "Added by the gateway at p50 (gateway − direct)", "ms", gateway.P50 - direct.P50,
            Goal.AtMost(0.25, " ms"));
        Add(section, "Added by the gateway at p99 (gateway − direct)", "ms", gateway.P99 - direct.P99,
            Goal.AtMost(1, " ms"));
        Add(section, "CPU per request, gateway process", "µs", gateway.CpuMicroseconds);
        Add(section, "CPU per request, bare YARP process", "µs", yarp.CpuMicroseconds);
        Add(section, "CPU per request, registry (direct)", "µs", direct.CpuMicroseconds);
    }

    private static void Add(Section section, string measure, string unit, double value, Goal? goal = null)
    {
        var figure = section.Figures.FirstOrDefault(f => f.Measure == measure) ?? section.Add(measure, unit, goal);
        figure.Values.Add(value);
    }

    private static async Task CheckAsync(LoadGenerator client, Target target)
    {
        var body = await client.GetStringAsync(target.Request);
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.GetArrayLength() != ConnectorTypes.All.Count)
        {
            throw new InvalidOperationException($"{target.Name} listed {document.RootElement.GetArrayLength()} " +
                "connectors instead of seven.");
        }
    }

    private static HttpRequestMessage Get(Uri baseUrl, Action<HttpRequestMessage> prepare)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "/api/connectors"));
        prepare(request);
        return request;
    }

    private async Task SeedConnectorsAsync(Guid projectId)
    {
        const string Seed = """
            INSERT INTO registry.connectors (project_id, type, status, account_name, account_id, connected_at)
            SELECT @ProjectId, type, 'connected', 'Bench account ' || type, 'acct-' || type, now()
            FROM unnest(@Types) AS type
            """;
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(Seed, new { ProjectId = projectId, Types = ConnectorTypes.All.ToArray() });
    }

    private sealed record Target(string Name, Func<HttpRequestMessage> Request, int Pid);

    private sealed record RoundResult(double Throughput, double P50, double P99, double CpuMicroseconds);
}
