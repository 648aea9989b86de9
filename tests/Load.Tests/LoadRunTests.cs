using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Connectors.Contracts;
using Connectors.Testing;
using Dapper;
using Xunit.Abstractions;

namespace Connectors.Load.Tests;

/// <summary>
/// Many projects on one installation syncing at once: every project asks for a sync at the same moment, and in
/// the end each one holds exactly what its platform accounts served, no more, no less, and the downstream consumer
/// has heard of every connector's sync exactly once.
/// </summary>
public sealed class LoadRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan EventGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How often each project asks after its run: seldom enough not to weigh on the services being measured (the wall
    /// time comes from the runs' own finishing times, not from when the test noticed).
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static readonly string[] ActiveStates = ["queued", "running"];

    private readonly RunningSystem _system = new(new Dictionary<string, string>
    {
        // Every simulated browser signs in and comes back from consent from the test's one loopback address, which
        // the per-address buckets would take for a single client.
        ["Gateway__RateLimit__AnonymousPermitsPerSecond"] = "10000",
        ["Gateway__RateLimit__AnonymousBurst"] = "10000",

        // With Npgsql's default pools (up to 100 connections a service) the burst took over a hundred connections of
        // the test server, which other suites share; operators cap the pools the same way (deploy/README.md).
        ["ConnectionStrings__Postgres"] = "{Postgres};Maximum Pool Size=12",
    });

    private readonly DownstreamConsumer _analytics = new();
    private SandboxAdmin _sandbox = null!;

    /// <summary>
    /// How long every run may take: generous, since the default run shares the machine with the other suites.
    /// </summary>
    private static TimeSpan SyncTimeout => TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(3 * LoadPlan.ProjectCount);

    public async Task InitializeAsync()
    {
        await _system.InitializeAsync();
        await _analytics.StartAsync(_system.VirtualHost.Amqp, "load-analytics");
        _sandbox = new SandboxAdmin(_system.Sandbox);
    }

    public async Task DisposeAsync()
    {
        _sandbox?.Dispose();
        await _analytics.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task SyncRun_ManyProjectsAtOnce_LandsEveryProjectsRecordsExactlyOnce()
    {
        var setUp = Stopwatch.StartNew();
        var projects = new ConcurrentBag<ConnectedProject>();
        await Parallel.ForEachAsync(
            LoadPlan.Projects,
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (plan, _) => projects.Add(await ConnectAsync(plan)));
        var connected = projects.OrderBy(project => project.Plan.Index).ToList();
        output.WriteLine($"Set-up of {connected.Count} projects: {setUp.Elapsed.TotalSeconds:F1} s");

        var firedAt = DateTimeOffset.UtcNow;
        var started = await Task.WhenAll(connected.Select(StartSyncAsync));
        var runs = await Task.WhenAll(started.Select(WaitFinishedAsync));
        var wallTime = runs.Max(run => run.View.FinishedAt ?? DateTimeOffset.UtcNow) - firedAt;
        var checking = Stopwatch.StartNew();
        var events = await WaitForEventsAsync(started);
        var landed = await CompareLandedAsync(runs, events);
        var tables = await CompareTablesAsync(landed);

        var expectedSyncs = connected.Sum(project => project.Plan.Connectors.Count);
        var failures = runs.SelectMany(run => run.View.Connectors).Count(connector => connector.State != "succeeded");
        var figures = new LoadFigures(
            connected.Count,
            expectedSyncs,
            runs.Sum(run => run.View.Connectors.Count),
            landed.Sum(stream => stream.Landed),
            failures,
            wallTime);
        output.WriteLine(
            $"SyncCompleted events received: {events.Values.Sum(list => list.Count)}; "
            + $"checks: {checking.Elapsed.TotalSeconds:F1} s");
        Report(figures);

        Assert.All(runs, run => Assert.Equal("succeeded", run.View.Status));
        Assert.Equal(0, failures);
        Assert.Equal(expectedSyncs, events.Values.Sum(list => list.Count));
        Assert.All(started, run => Assert.Equal(
            run.Project.Plan.Connectors.Select(c => c.Type).Order(),
            events[run.SyncId].Select(e => e.Type).Order()));
        Assert.All(events.Values.SelectMany(list => list), e => Assert.Equal(SyncOutcome.Succeeded, e.Status));
        Assert.Empty(landed.Where(stream => !stream.Exact).Select(stream => stream.ToString()));
        Assert.Empty(tables);
    }

    /// <summary>
    /// Creates the project, sizes its sandbox accounts and connects them as a user would: Stripe with a key through
    /// the API, the OAuth platforms in a browser through the sandbox's consent page.
    /// </summary>
    private async Task<ConnectedProject> ConnectAsync(ProjectPlan plan)
    {
        var project = await _system.CreateProjectAsync($"load {plan.Index}");
        var api = new HttpClient { BaseAddress = _system.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        using var browser = new Browser(_system.Gateway);
        await browser.SignInAsync(project.ApiKey);
        foreach (var connector in plan.Connectors)
        {
            await _sandbox.ConfigureAccountAsync(connector.Type, connector.Account, new
            {
                name = $"Load {plan.Index} {connector.Type}",
                sizes = connector.Sizes,
            });
            if (connector.Type == "stripe")
            {
                var key = "sk_test_" + Guid.NewGuid().ToString("N");
                await _sandbox.RegisterStripeKeyAsync(key, connector.Account);
                var created = await api.PostAsJsonAsync(
                    "/api/connectors", new { type = "stripe", credentials = new { apiKey = key } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            else
            {
                var landing = await browser.ConnectAsync(connector.Type, connector.Account);
                Assert.Contains($"connected={connector.Type}", landing.Query, StringComparison.Ordinal);
            }
        }

        var list = (await api.GetFromJsonAsync<List<ConnectorView>>("/api/connectors"))!;
        Assert.Equal(plan.Connectors.Select(c => c.Type).Order(), list.Select(c => c.Type).Order());
        Assert.All(list, c => Assert.Equal("connected", c.Status));
        return new ConnectedProject(plan, project, api);
    }

    private static async Task<StartedRun> StartSyncAsync(ConnectedProject project)
    {
        var response = await project.Api.PostAsync("/api/sync/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<SyncStartedResponse>())!;
        Assert.Equal("started", started.Status);
        Assert.Equal(project.Plan.Connectors.Select(c => c.Type).Order(), started.Connectors.Order());
        return new StartedRun(project, started.SyncId);
    }

    private static async Task<FinishedRun> WaitFinishedAsync(StartedRun run)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            var view = (await run.Project.Api.GetFromJsonAsync<SyncRunView>($"/api/sync/{run.SyncId}"))!;
            if (!ActiveStates.Contains(view.Status))
            {
                return new FinishedRun(run, view);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Project {run.Project.Plan.Index}'s sync {run.SyncId} was still {view.Status} after "
                    + $"{SyncTimeout}: {string.Join(", ", view.Connectors.Select(c => $"{c.Type} {c.State}"))}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// The completions the downstream consumer received per run, once every run's count arrived and a little longer,
    /// so that a duplicate delivered late is counted too.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<SyncCompleted>>> WaitForEventsAsync(StartedRun[] runs)
    {
        foreach (var run in runs)
        {
            await _analytics.WaitForAsync(run.SyncId, run.Project.Plan.Connectors.Count, TimeSpan.FromMinutes(1));
        }

        await Task.Delay(EventGrace);
        return runs.ToDictionary(run => run.SyncId, run => _analytics.Of(run.SyncId));
    }

    /// <summary>
    /// For every project and stream, the keys PostgreSQL holds for that project beside the keys the project's
    /// platform account serves (over the sync's window, for daily streams), and the count the run reported.
    /// </summary>
    private async Task<List<StreamComparison>> CompareLandedAsync(
        FinishedRun[] runs,
        Dictionary<string, IReadOnlyList<SyncCompleted>> events)
    {
        var comparisons = new ConcurrentBag<StreamComparison>();
        var streams = runs.SelectMany(run => run.Project.Plan.Connectors.Select(connector => (run, connector)));
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
        {
            var (run, connector) = item;
            var project = run.Project.Project.ProjectId;
            var reported = run.View.Connectors.Single(c => c.Type == connector.Type);
            var completion = events[run.Started.SyncId].FirstOrDefault(e => e.Type == connector.Type);
            var served = await _sandbox.AccountAsync(connector.Type, connector.Account);
            foreach (var (stream, all) in served.Streams)
            {
                var result = completion?.Streams.SingleOrDefault(s => s.Stream == stream)
                    ?? reported.Streams.SingleOrDefault(s => s.Stream == stream);
                var since = LandedKeys.IsDatePartitioned(connector.Type) && result?.WindowStart is { } start
                    ? DateOnly.FromDateTime(start.UtcDateTime)
                    : (DateOnly?)null;
                var expected = since is null
                    ? all
                    : (await _sandbox.AccountAsync(connector.Type, connector.Account, since)).Streams[stream];
                var table = result?.Table;
                var keys = table is null ? [] : await LandedKeysAsync(project, connector.Type, stream, table);
                comparisons.Add(new StreamComparison(
                    run.Project.Plan.Index,
                    project,
                    connector.Type,
                    stream,
                    table,
                    expected.Keys,
                    keys,
                    reported.Streams.SingleOrDefault(s => s.Stream == stream)?.Records));
            }
        });
        return [.. comparisons.OrderBy(c => c.ProjectIndex).ThenBy(c => c.Type).ThenBy(c => c.Stream)];
    }

    private async Task<List<string>> LandedKeysAsync(Guid project, string type, string stream, string table)
    {
        await using var connection = await _system.Database.DataSource.OpenConnectionAsync();
        var sql = $"SELECT {LandedKeys.Expression(type, stream)} FROM {table} WHERE project_id = @Project "
            + LandedKeys.LiveFilter(type);
        return [.. await connection.QueryAsync<string>(sql, new { Project = project })];
    }

    /// <summary>
    /// Each landing table as a whole: as many rows as the projects' accounts served together, every natural key
    /// once, so no row stands under a project it does not belong to and none is doubled.
    /// </summary>
    private async Task<List<string>> CompareTablesAsync(List<StreamComparison> streams)
    {
        var problems = new List<string>();
        await using var connection = await _system.Database.DataSource.OpenConnectionAsync();
        foreach (var group in streams.Where(s => s.Table is not null).GroupBy(s => (s.Table!, s.Type, s.Stream)))
        {
            var (table, type, stream) = group.Key;
            var key = LandedKeys.Expression(type, stream);
            var (rows, distinct) = await connection.QuerySingleAsync<(long, long)>(
                $"SELECT count(*), count(DISTINCT (project_id, {key})) FROM {table}");
            var expected = group.Sum(s => (long)s.Expected.Count);
            if (rows != expected || distinct != rows)
            {
                problems.Add($"{table}: {rows} rows, {distinct} distinct keys, {expected} served");
            }
        }

        return problems;
    }

    private void Report(LoadFigures figures)
    {
        var markdown = figures.ToMarkdown(DateTimeOffset.UtcNow);
        output.WriteLine(markdown);
        var folder = Path.Combine(TestServers.RepositoryRoot, "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "load-run.md"), markdown);
    }

    private sealed record ConnectedProject(ProjectPlan Plan, Project Project, HttpClient Api);

    private sealed record StartedRun(ConnectedProject Project, string SyncId);

    private sealed record FinishedRun(StartedRun Started, SyncRunView View)
    {
        public ConnectedProject Project => Started.Project;
    }

    /// <summary>One stream of one project: what the platform served beside what landed.</summary>
    private sealed record StreamComparison(
        int ProjectIndex,
        Guid ProjectId,
        string Type,
        string Stream,
        string? Table,
        IReadOnlyList<string> Expected,
        IReadOnlyList<string> Found,
        long? Reported)
    {
        public long Landed => Found.Count;

        public bool Exact =>
            Reported == Expected.Count
            && Expected.Order(StringComparer.Ordinal).SequenceEqual(Found.Order(StringComparer.Ordinal));

        public override string ToString()
        {
            var missing = Expected.Except(Found).Count();
            var foreign = Found.Except(Expected).Count();
            var doubled = Found.Count - Found.Distinct().Count();
            return $"project {ProjectIndex} {Type}.{Stream}: served {Expected.Count}, landed {Landed} "
                + $"({missing} missing, {foreign} not served, {doubled} doubled), "
                + $"reported {Reported?.ToString() ?? "-"}";
        }
    }
}

public sealed record ConnectorView(string Type, string Status);

public sealed record SyncStartedResponse(string Status, string SyncId, List<string> Connectors);

public sealed record SyncRunView(
    string SyncId,
    string Status,
    DateTimeOffset? FinishedAt,
    List<ConnectorRunView> Connectors);

public sealed record ConnectorRunView(string Type, string State, List<StreamResult> Streams);
