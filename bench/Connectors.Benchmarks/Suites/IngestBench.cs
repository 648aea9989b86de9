using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Benchmarks.Infrastructure;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Connectors.Workers;
using Connectors.Workers.Data;
using Connectors.Workers.Platforms.Stripe;
using Connectors.Workers.Sync;
using Connectors.Workers.Tokens;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Connectors.Benchmarks.Suites;

/// <summary>
/// A full sync of one stream (Stripe charges) from the provider sandbox through the running product, a re-sync of
/// the same data, the worker's landing code alone fed the same rows in-process, against one binary COPY of the same
/// rows; and what one page of a 200,000-charge account costs the sandbox.
/// </summary>
public sealed class IngestBench(BenchContext context, ProductSystem system)
{
    public const int PageSize = 100;

    /// <summary>The sandbox account every round syncs; its only objects are the benchmark's charges.</summary>
    public const string Account = "acct_benchingest";

    private const int SandboxPageProbeSize = 200_000;

    private const int MiddlePages = 20;

    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(10);

    private readonly SyncStream _stream = new("charges", LandingTables.Stripe("charges"));

    public static int Records(BenchOptions options) => options.Quick ? 20_000 : 200_000;

    private int Rounds => context.Options.Quick ? 1 : 3;

    public async Task RunAsync()
    {
        var count = Records(context.Options);
        BenchContext.Say($"ingest: a sandbox account of {count:N0} charges, read once for the baselines");
        using var sandbox = new HttpClient
        {
            BaseAddress = system.Url(ProductSystem.Sandbox),
            Timeout = TimeSpan.FromMinutes(3),
        };
        await CreateAccountAsync(sandbox, Account, count, Enumerable.Range(0, Rounds).Select(Key));
        var (rows, jsonBytes) = await ReadChargesAsync(sandbox, Key(0));
        if (rows.Count != count)
        {
            throw new InvalidOperationException($"The sandbox listed {rows.Count} of {count} charges.");
        }

        var newest = ((DateTimeOffset)rows[0][1]!).ToUnixTimeSeconds();
        await CreateCopyTableAsync();
        await using var completions = new Completions();
        await completions.StartAsync(system.VirtualHost.Amqp);

        var section = new Section(
            $"Ingest: {count:N0} Stripe charges (~{jsonBytes / (double)count:0} bytes of JSON each)",
            "A full sync from `POST /api/sync/run` to `SyncCompleted` with the provider sandbox as the platform, a " +
            "re-sync of the same (unchanged) data, and " +
            $"the worker's landing code alone (`StreamLanding`, as the syncers use it, with its default batch of " +
            $"{new SyncOptions().LandingBatchRows:N0} rows) fed the same rows in pages of {PageSize} in-process, " +
            "each against one Npgsql binary COPY of the same rows into an equal keyed table " +
            "(`LIKE data.stripe_charges INCLUDING ALL`), measured in the same round.");
        var copy = section.Add("Binary COPY (baseline)", "rows/s");
        var writer = section.Add($"Worker writer alone, first landing (fed pages of {PageSize})", "rows/s");
        var rewriter = section.Add($"Worker writer alone, unchanged rows again (fed pages of {PageSize})", "rows/s");
        var sync = section.Add("Full sync through the product", "rows/s");
        var resync = section.Add("Re-sync of the same data", "rows/s");
        var writerRatio = section.Add("Writer ÷ COPY", "ratio", Goal.AtLeast(0.6));
        var syncRatio = section.Add("Full sync ÷ COPY", "ratio", Goal.AtLeast(0.35));
        var resyncRatio = section.Add("Re-sync ÷ COPY", "ratio", Goal.AtLeast(0.4));
        var peak = section.Add("Worker RSS peak during the syncs", "MiB");
        // A worker that kept what it read would grow by at least the JSON of the rows; flat is far below that.
        var heldPer100k = jsonBytes / (double)count * 100_000 / (1024 * 1024);
        var rise = section.Add("Worker RSS slope during the full sync", "MiB per 100k rows",
            Goal.AtMost(Math.Round(heldPer100k / 4)));
        var before = section.Add("Worker RSS before the sync", "MiB");
        var syncCpu = section.Add("Worker CPU per row, full sync", "µs");
        var resyncCpu = section.Add("Worker CPU per row, re-sync", "µs");

        using (context.Memory.Phase("ingest"))
        {
            for (var round = 0; round < Rounds; round++)
            {
                BenchContext.Say($"ingest: round {round + 1}/{Rounds}: COPY");
                copy.Values.Add(await CopyAsync(rows));
                BenchContext.Say($"ingest: round {round + 1}/{Rounds}: writer alone");
                var (first, again) = await WriterAloneAsync(rows, newest);
                writer.Values.Add(first);
                rewriter.Values.Add(again);
                BenchContext.Say($"ingest: round {round + 1}/{Rounds}: sync through the product");
                var result = await SyncTwiceAsync(completions, count, round);
                sync.Values.Add(result.Sync);
                resync.Values.Add(result.Resync);
                writerRatio.Values.Add(first / copy.Values[^1]);
                syncRatio.Values.Add(result.Sync / copy.Values[^1]);
                resyncRatio.Values.Add(result.Resync / copy.Values[^1]);
                peak.Values.Add(result.PeakMiB);
                rise.Values.Add(result.SlopePer100k);
                before.Values.Add(result.BeforeMiB);
                syncCpu.Values.Add(result.SyncCpuMicroseconds);
                resyncCpu.Values.Add(result.ResyncCpuMicroseconds);
            }
        }

        BenchContext.Say($"ingest: timing pages of a {SandboxPageProbeSize:N0}-charge sandbox account");
        var probe = await SandboxPagesAsync(sandbox);
        section.Add($"Provider sandbox: one page of 100 from a {SandboxPageProbeSize:N0}-charge account, the first " +
            "(builds the account's list order)", "ms").Values.Add(probe.FirstMilliseconds);
        section.Add($"Provider sandbox: one page of 100 from the middle of the same account", "ms").Values
            .AddRange(probe.MiddleMilliseconds);
        section.Add($"Provider sandbox RSS after the syncs and with the {SandboxPageProbeSize:N0}-charge account",
            "MiB").Values.Add(probe.ResidentMiB);

        section.Notes.Add("The platform is the provider sandbox, as in development: the worker and the OAuth service " +
            "reach it through `Sandbox__BaseUrl`, which points every `Platforms__*__ApiBaseUrl` at it. Its account " +
            $"holds the {count:N0} charges and no other object; each round connects with an API key of its own " +
            "registered for that account. The COPY baseline and the writer alone land the charges exactly as the " +
            "sandbox lists them (the same JSON), read once through its list endpoint before the rounds.");
        section.Notes.Add("The sandbox keeps, per account and stream, the ids and the list order of its objects and " +
            "builds only the objects of the page asked for; the first page of an account (or the first after a " +
            "mutation that adds or removes objects) also builds the order. The middle-of-the-account row is " +
            $"{MiddlePages} pages from `starting_after` cursors spread over the list.");
        section.Notes.Add("The worker's RSS is sampled every 100 ms from /proc during both syncs; the slope is the " +
            "least-squares fit of RSS over the rows landed during the full sync; its goal, a quarter of the JSON " +
            $"those rows hold ({heldPer100k:0} MiB per 100,000 rows), is what \"flat\" means here: a worker that " +
            "kept the rows it read would grow by all of it. Its CPU per row is the user + " +
            "system time of the worker process from the request to `SyncCompleted`, divided by the rows.");
        context.Sections.Add(section);
    }

    private static string Key(int round) => $"sk_test_bench_{round}";

    /// <summary>
    /// Sizes an account to <paramref name="charges"/> charges and nothing else, and registers keys for it.
    /// </summary>
    private static async Task<List<string>> CreateAccountAsync(
        HttpClient sandbox, string account, int charges, IEnumerable<string> keys)
    {
        var sizes = new Dictionary<string, int>
        {
            ["charges"] = charges,
            ["customers"] = 0,
            ["invoices"] = 0,
            ["subscriptions"] = 0,
            ["balance_transactions"] = 0,
        };
        using var response = await sandbox.PutAsJsonAsync(
            $"/sandbox/admin/stripe/accounts/{account}", new { name = "Bench Payments", sizes });
        response.EnsureSuccessStatusCode();
        using var described = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        foreach (var key in keys)
        {
            (await sandbox.PostAsJsonAsync("/sandbox/admin/stripe/keys", new { key, accountId = account }))
                .EnsureSuccessStatusCode();
        }

        return [.. described.RootElement.GetProperty("streams").GetProperty("charges").GetProperty("keys")
            .EnumerateArray().Select(k => k.GetString()!)];
    }

    /// <summary>
    /// Every charge of the account through the list endpoint, newest first, as the rows the worker lands from
    /// them (its JSON exactly as served), and the bytes of JSON in all.
    /// </summary>
    private static async Task<(List<object?[]> Rows, long JsonBytes)> ReadChargesAsync(HttpClient sandbox, string key)
    {
        var rows = new List<object?[]>();
        long bytes = 0;
        string? after = null;
        bool more;
        do
        {
            using var page = await GetPageAsync(sandbox, key, after);
            var data = page.RootElement.GetProperty("data");
            foreach (var charge in data.EnumerateArray())
            {
                var json = charge.GetRawText();
                bytes += System.Text.Encoding.UTF8.GetByteCount(json);
                rows.Add(ToRow(charge, json));
            }

            more = page.RootElement.GetProperty("has_more").GetBoolean() && data.GetArrayLength() > 0;
            after = more ? data[data.GetArrayLength() - 1].GetProperty("id").GetString() : null;
        }
        while (more);

        return (rows, bytes);
    }

    private static async Task<JsonDocument> GetPageAsync(HttpClient sandbox, string key, string? after)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/stripe/api/v1/charges?limit={PageSize}" + (after is null ? "" : $"&starting_after={after}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await sandbox.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }

    /// <summary>
    /// The first page of a new 200,000-charge account, then pages from cursors spread over its list, and the
    /// sandbox's resident set afterwards.
    /// </summary>
    private async Task<SandboxProbe> SandboxPagesAsync(HttpClient sandbox)
    {
        const string Key = "sk_test_benchsize";
        var ids = await CreateAccountAsync(sandbox, "acct_benchsize", SandboxPageProbeSize, [Key]);
        var clock = Stopwatch.StartNew();
        (await GetPageAsync(sandbox, Key, null)).Dispose();
        var first = clock.Elapsed.TotalMilliseconds;
        var middle = new List<double>();
        for (var i = 0; i < MiddlePages; i++)
        {
            var cursor = ids[(ids.Count / 4) + (i * (ids.Count / 2 / MiddlePages))];
            clock.Restart();
            using var page = await GetPageAsync(sandbox, Key, cursor);
            middle.Add(clock.Elapsed.TotalMilliseconds);
            if (page.RootElement.GetProperty("data").GetArrayLength() != PageSize)
            {
                throw new InvalidOperationException($"The page after {cursor} is not a full page.");
            }
        }

        var resident = ProcessStats.ResidentMiB(system.Process(ProductSystem.Sandbox).Id) ?? double.NaN;
        return new SandboxProbe(first, middle, resident);
    }

    /// <summary>The row the Stripe syncer lands for a listed charge.</summary>
    private static object?[] ToRow(JsonElement charge, string json) =>
    [
        charge.GetProperty("id").GetString(),
        DateTimeOffset.FromUnixTimeSeconds(charge.GetProperty("created").GetInt64()),
        charge.GetProperty("livemode").GetBoolean(),
        charge.GetProperty("amount").GetInt64(),
        charge.GetProperty("currency").GetString(),
        charge.GetProperty("status").GetString(),
        charge.GetProperty("customer").GetString(),
        false,
        json,
    ];

    private async Task CreateCopyTableAsync()
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            CREATE SCHEMA IF NOT EXISTS bench;
            CREATE TABLE IF NOT EXISTS bench.stripe_charges (LIKE data.stripe_charges INCLUDING ALL);
            """);
    }

    private async Task<double> CopyAsync(List<object?[]> rows)
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("TRUNCATE bench.stripe_charges");
        var project = Guid.NewGuid();
        var syncedAt = DateTimeOffset.UtcNow;
        var columns = _stream.Table.Keys.Concat(_stream.Table.Values).ToList();
        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var names = string.Join(", ", columns.Select(c => c.Name));
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY bench.stripe_charges (project_id, {names}, sync_id, synced_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in rows)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync(project, NpgsqlDbType.Uuid);
                    for (var i = 0; i < row.Length; i++)
                    {
                        await WriteAsync(importer, row[i], columns[i].Type);
                    }

                    await importer.WriteAsync("sync_bench", NpgsqlDbType.Text);
                    await importer.WriteAsync(syncedAt, NpgsqlDbType.TimestampTz);
                }

                await importer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        return rows.Count / clock.Elapsed.TotalSeconds;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type) => value switch
    {
        null => importer.WriteNullAsync(),
        _ => importer.WriteAsync(value, type),
    };

    private async Task<(double First, double Again)> WriterAloneAsync(List<object?[]> rows, long newest)
    {
        var dataSource = system.Database.DataSource;
        var landing = new StreamLanding(new LandingRepository(dataSource, new StreamCursorRepository(dataSource)),
            Options.Create(new SyncOptions()), TimeProvider.System);
        var signature = new CallerSignature(
            Options.Create(new InternalOptions { SigningKey = system.SigningKey }), TimeProvider.System);
        var request = new SyncRequested
        {
            SyncId = "sync_" + Guid.NewGuid().ToString("N"),
            ProjectId = Guid.NewGuid(),
            Type = ConnectorTypes.Stripe,
            Trigger = SyncTrigger.Manual,
            RequestedAt = DateTimeOffset.UtcNow,
        };
        using var http = new HttpClient();
        var session = new AccessSession(new TokenClient(http, signature), request.ProjectId, request.Type,
            new PlatformToken());
        // Progress messages (one a second at most) go to an in-memory bus nobody listens to: RabbitMQ is not part
        // of what this row measures.
        var bus = Bus.Factory.CreateUsingInMemory(_ => { });
        await bus.StartAsync();
        var scope = new SyncScope(
            request, session, DateTimeOffset.UtcNow, new ProgressReporter(bus, TimeProvider.System));

        async Task<double> LandAllAsync()
        {
            var clock = Stopwatch.StartNew();
            var progress = new StreamProgress(_stream);
            await landing.LandAsync(scope, progress, async pages =>
            {
                for (var offset = 0; offset < rows.Count; offset += PageSize)
                {
                    var page = rows.GetRange(offset, Math.Min(PageSize, rows.Count - offset));
                    var last = offset + PageSize >= rows.Count;
                    object? cursor = last ? new StripeCursor(newest, null) : null;
                    await pages.WriteAsync(page, cursor, CancellationToken.None);
                }
            }, CancellationToken.None);
            if (progress.Records != rows.Count)
            {
                throw new InvalidOperationException($"The writer landed {progress.Records} of {rows.Count} rows.");
            }

            return rows.Count / clock.Elapsed.TotalSeconds;
        }

        var first = await LandAllAsync();
        var again = await LandAllAsync();
        await bus.StopAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM data.stripe_charges WHERE project_id = @ProjectId",
            new { request.ProjectId });
        return (first, again);
    }

    private async Task<SyncRounds> SyncTwiceAsync(Completions completions, int count, int round)
    {
        var project = await system.CreateProjectAsync($"ingest bench {round}");
        using var api = new HttpClient { BaseAddress = system.Url(ProductSystem.Gateway) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        var connect = await api.PostAsJsonAsync("/api/connectors",
            new { type = "stripe", credentials = new { apiKey = Key(round) } });
        if (connect.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"Connecting stripe answered {(int)connect.StatusCode}: {await connect.Content.ReadAsStringAsync()}");
        }

        var worker = system.Process(ProductSystem.Workers).Id;
        var beforeMiB = ProcessStats.ResidentMiB(worker) ?? double.NaN;
        var (sync, syncSamples, syncCpu) =
            await SyncOnceAsync(api, completions, count, worker, expectInserted: true);
        await ForgetCursorsAsync(project.ProjectId);
        var (resync, resyncSamples, resyncCpu) =
            await SyncOnceAsync(api, completions, count, worker, expectInserted: false);
        var peak = syncSamples.Concat(resyncSamples).Select(s => s.MiB).DefaultIfEmpty(double.NaN).Max();
        var seconds = syncSamples.Select(s => s.Seconds).ToList();
        var slopePerSecond = Summary.Slope(seconds, syncSamples.Select(s => s.MiB).ToList());
        return new SyncRounds(sync, resync, peak, slopePerSecond / sync * 100_000, beforeMiB, syncCpu, resyncCpu);
    }

    /// <summary>
    /// After a first sync Stripe reads only objects created since and the events since: without its cursors the
    /// re-sync reads every charge again, unchanged, which is what it measures.
    /// </summary>
    private async Task ForgetCursorsAsync(Guid projectId)
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "DELETE FROM data.stream_cursors WHERE project_id = @ProjectId AND type = 'stripe'",
            new { ProjectId = projectId });
    }

    private static async Task<(double RowsPerSecond, List<RssSample> Samples, double CpuMicroseconds)> SyncOnceAsync(
        HttpClient api,
        Completions completions,
        int count,
        int worker,
        bool expectInserted)
    {
        using var stop = new CancellationTokenSource();
        var samples = new List<RssSample>();
        var clock = Stopwatch.StartNew();
        var sampling = SampleAsync(worker, samples, clock, stop.Token);
        var cpuBefore = ProcessStats.CpuTime(worker);

        var requestedAt = DateTimeOffset.UtcNow;
        var response = await api.PostAsync("/api/sync/run", null);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST /api/sync/run answered {(int)response.StatusCode}: {body}");
        }

        var syncId = JsonDocument.Parse(body).RootElement.GetProperty("syncId").GetString()!;
        var completed = await completions.WaitAsync(syncId, ConnectorTypes.Stripe, SyncTimeout);
        var cpu = ProcessStats.CpuTime(worker) - cpuBefore;
        await stop.CancelAsync();
        await sampling;
        var charges = completed.Streams.Single(s => s.Stream == "charges");
        if (completed.Status != SyncOutcome.Succeeded || charges.Records != count
            || (expectInserted ? charges.Inserted != count : charges.Inserted != 0))
        {
            throw new InvalidOperationException($"The sync ended {completed.Status} with {charges.Records} records, " +
                $"{charges.Inserted} inserted: {completed.Error?.Message}");
        }

        var elapsed = completed.CompletedAt - requestedAt;
        return (count / elapsed.TotalSeconds, samples, cpu.TotalMicroseconds / count);
    }

    private static async Task SampleAsync(
        int pid,
        List<RssSample> samples,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                if (ProcessStats.ResidentMiB(pid) is { } rss)
                {
                    samples.Add(new RssSample(clock.Elapsed.TotalSeconds, rss));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record RssSample(double Seconds, double MiB);

    private sealed record SandboxProbe(double FirstMilliseconds, List<double> MiddleMilliseconds, double ResidentMiB);

    private sealed record SyncRounds(
        double Sync,
        double Resync,
        double PeakMiB,
        double SlopePer100k,
        double BeforeMiB,
        double SyncCpuMicroseconds,
        double ResyncCpuMicroseconds);
}
