using System.Diagnostics;
using System.Text.Json;
using Connectors.Benchmarks.Infrastructure;
using Connectors.Contracts;
using Dapper;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Connectors.Benchmarks.Suites;

/// <summary>
/// One scheduled trigger of the orchestrator over 10,000 connected connectors in 1,500 projects, until every
/// <c>SyncRequested</c> is consumed from the per-platform queues, against the raw RabbitMQ client publishing (with
/// confirms) and consuming the same number of messages.
/// </summary>
public sealed class FanOutBench(BenchContext context)
{
    public const int Connectors = 10_000;
    public const int Projects = 1_500;
    private const ushort Prefetch = 100;

    // Long enough for a round, its baseline and the reset between two triggers: a trigger that found the previous
    // round's runs still active would request nothing.
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RoundLimit = TimeSpan.FromSeconds(40);

    private readonly Counter _product = new();
    private readonly Counter _raw = new();
    private long _fired;
    private long _jobEnded;

    private int Rounds => context.Options.Quick ? 1 : 3;

    public async Task RunAsync()
    {
        BenchContext.Say("fan-out: starting the registry and the orchestrator " +
            $"(schedule every {Interval.TotalSeconds} s)");
        await using var system = new ProductSystem("fanout", [ProductSystem.Registry, ProductSystem.Orchestrator],
            new Dictionary<string, string>
            {
                ["Sync__ScheduleEnabled"] = "true",
                ["Sync__ScheduleInterval"] = Interval.ToString(),
            });
        await system.StartAsync();
        var started = Stopwatch.StartNew();
        foreach (var (name, process) in system.Processes)
        {
            context.Memory.Track($"{name} (fan-out system)", process.Id);
        }

        system.Process(ProductSystem.Orchestrator).Line += Watch;
        await SeedAsync(system);
        var bus = await StartConsumersAsync(system.VirtualHost.Amqp);
        var wait = Interval - started.Elapsed;
        BenchContext.Say($"fan-out: seeded; the first trigger fires about {wait:mm\\:ss} from now");

        var section = new Section(
            $"Fan-out: one scheduled trigger over {Connectors:N0} connectors in {Projects:N0} projects",
            "From the orchestrator's scheduled job starting (its registry call, read from its log as it is written) " +
            "until the last `SyncRequested` is consumed from the `sync-{type}` queues by a consumer that " +
            "acknowledges without calling platforms, against RabbitMQ.Client 7.2.2 publishing the same number of " +
            "persistent messages with publisher confirms (256 in flight) to a direct exchange and consuming them.");
        var total = section.Add("Product: trigger to last message consumed", "s", Goal.Below(4, " s"));
        var productRate = section.Add("Product: messages per second", "msg/s");
        var rawRate = section.Add("Raw RabbitMQ client: messages per second (baseline)", "msg/s");
        var ratio = section.Add("Product ÷ raw", "ratio", Goal.AtLeast(0.5));
        var job = section.Add("Product: scheduled job (registry call to last run started)", "s");
        var firstMessage = section.Add("Product: trigger to first message consumed", "s");
        var relay = section.Add("Product: last outbox row written to last row marked sent", "s");
        var cold = section.Add("Product, first trigger after start (not in the figures above)", "s");

        using (context.Memory.Phase("fan-out"))
        {
            // The first trigger after start runs the relay's and MassTransit's publish path for the first time:
            // most of its time is the JIT. A service that relays all day is past that, so it is reported apart.
            BenchContext.Say("fan-out: warm-up: waiting for the first trigger");
            var first = await ProductRoundAsync();
            cold.Values.Add(first.Seconds);
            BenchContext.Say($"fan-out: warm-up: {first.Consumed:N0} consumed in {first.Seconds:0.00} s");
            await RawRoundAsync(system.VirtualHost.Amqp);
            await ResetRunsAsync(system);

            for (var round = 0; round < Rounds; round++)
            {
                BenchContext.Say($"fan-out: round {round + 1}/{Rounds}: waiting for the trigger");
                var since = DateTime.UtcNow;
                var result = await ProductRoundAsync();
                total.Values.Add(result.Seconds);
                productRate.Values.Add(result.Consumed / result.Seconds);
                job.Values.Add(result.JobSeconds);
                firstMessage.Values.Add(result.FirstSeconds);
                relay.Values.Add(await RelayLagAsync(system, since));
                BenchContext.Say($"fan-out: {result.Consumed:N0} consumed in {result.Seconds:0.00} s; raw baseline");
                rawRate.Values.Add(await RawRoundAsync(system.VirtualHost.Amqp));
                ratio.Values.Add(productRate.Values[^1] / rawRate.Values[^1]);
                await ResetRunsAsync(system);
            }
        }

        await bus.StopAsync();
        section.Notes.Add($"Seeded directly in PostgreSQL: {Connectors:N0} rows of `registry.connectors` (status " +
            $"connected) over {Projects:N0} random project ids; no credentials are needed because nothing calls a " +
            "platform. Between rounds the runs' connectors are marked finished so the next trigger requests all " +
            "again.");
        section.Notes.Add($"Both consumers use prefetch {Prefetch}; the product's messages are MassTransit envelopes " +
            "(about 1 KB), the raw ones the bare JSON of the same `SyncRequested`.");
        section.Notes.Add($"The orchestrator runs with `Sync__ScheduleInterval` {Interval.TotalSeconds:0} s; each " +
            "round waits for the next trigger. A first trigger and a raw round, not counted, warm both up; the " +
            "first trigger's time is the last row.");
        context.Sections.Add(section);
    }

    private void Watch(string line)
    {
        if (line.Contains("internal/connectors", StringComparison.Ordinal)
            && line.Contains("Start processing HTTP request", StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _fired, Stopwatch.GetTimestamp(), 0);
        }
        else if (line.Contains("Scheduled sync:", StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _jobEnded, Stopwatch.GetTimestamp(), 0);
        }
    }

    private async Task<ProductRound> ProductRoundAsync()
    {
        _product.Reset();
        Interlocked.Exchange(ref _fired, 0);
        Interlocked.Exchange(ref _jobEnded, 0);
        var waitStart = Stopwatch.StartNew();
        while (Interlocked.Read(ref _fired) == 0)
        {
            if (waitStart.Elapsed > Interval * 1.5)
            {
                throw new TimeoutException("The orchestrator's scheduled job did not start.");
            }

            await Task.Delay(20);
        }

        var fired = Interlocked.Read(ref _fired);
        while (_product.Count < Connectors && Stopwatch.GetElapsedTime(fired) < RoundLimit)
        {
            await Task.Delay(20);
        }

        var last = _product.Count >= Connectors ? _product.Last : Stopwatch.GetTimestamp();
        var jobEnded = Interlocked.Read(ref _jobEnded);
        return new ProductRound(
            _product.Count,
            Stopwatch.GetElapsedTime(fired, last).TotalSeconds,
            jobEnded == 0 ? double.NaN : Stopwatch.GetElapsedTime(fired, jobEnded).TotalSeconds,
            _product.First == 0 ? double.NaN : Stopwatch.GetElapsedTime(fired, _product.First).TotalSeconds);
    }

    private async Task<IBusControl> StartConsumersAsync(Uri amqp)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(amqp);
            rabbit.Message<SyncRequested>(message => message.SetEntityName("connectors.sync-requested"));
            rabbit.Publish<SyncRequested>(publish => publish.ExchangeType = ExchangeType.Direct);
            foreach (var type in ConnectorTypes.All)
            {
                rabbit.ReceiveEndpoint($"sync-{type}", endpoint =>
                {
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.PrefetchCount = Prefetch;
                    endpoint.Bind<SyncRequested>(binding =>
                    {
                        binding.ExchangeType = ExchangeType.Direct;
                        binding.RoutingKey = type;
                    });
                    endpoint.Handler<SyncRequested>(_ =>
                    {
                        _product.Add();
                        return Task.CompletedTask;
                    });
                });
            }
        });
        await bus.StartAsync();
        return bus;
    }

    private async Task<double> RawRoundAsync(Uri amqp)
    {
        const string Exchange = "bench.raw-sync-requested";
        var factory = new ConnectionFactory { Uri = amqp };
        await using var connection = await factory.CreateConnectionAsync();
        await using var consuming = await connection.CreateChannelAsync();
        await using var publishing = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await consuming.ExchangeDeclareAsync(Exchange, ExchangeType.Direct, durable: true, autoDelete: false);
        await consuming.BasicQosAsync(0, Prefetch, false);
        _raw.Reset();
        foreach (var type in ConnectorTypes.All)
        {
            var queue = $"bench-raw-{type}";
            await consuming.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await consuming.QueueBindAsync(queue, Exchange, type);
            var consumer = new AsyncEventingBasicConsumer(consuming);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                _raw.Add();
                await consuming.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await consuming.BasicConsumeAsync(queue, autoAck: false, consumer);
        }

        var bodies = Enumerable.Range(0, Connectors)
            .Select(i => (Type: ConnectorTypes.All[i % 7], Body: Body(i)))
            .ToList();
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<ValueTask>(256);
        foreach (var (type, body) in bodies)
        {
            inFlight.Add(publishing.BasicPublishAsync(Exchange, type, mandatory: false, properties, body));
            if (inFlight.Count == 256)
            {
                foreach (var publish in inFlight)
                {
                    await publish;
                }

                inFlight.Clear();
            }
        }

        foreach (var publish in inFlight)
        {
            await publish;
        }

        var deadline = Stopwatch.StartNew();
        while (_raw.Count < Connectors && deadline.Elapsed < RoundLimit)
        {
            await Task.Delay(5);
        }

        return _raw.Count / Stopwatch.GetElapsedTime(start, _raw.Last).TotalSeconds;
    }

    private static byte[] Body(int index) => JsonSerializer.SerializeToUtf8Bytes(new SyncRequested
    {
        SyncId = $"sync_{index:x32}",
        ProjectId = Guid.NewGuid(),
        Type = ConnectorTypes.All[index % 7],
        Trigger = SyncTrigger.Scheduled,
        RequestedAt = DateTimeOffset.UtcNow,
    }, JsonSerializerOptions.Web);

    private static async Task SeedAsync(ProductSystem system)
    {
        // Projects 0..999 get all seven types, the other 500 the first six: 7,000 + 3,000 = 10,000 connectors.
        const string Seed = """
            WITH projects AS (
                SELECT n, gen_random_uuid() AS project_id FROM generate_series(0, @Projects - 1) AS n)
            INSERT INTO registry.connectors (project_id, type, status, account_name, account_id, connected_at)
            SELECT p.project_id, t.type, 'connected', 'Bench ' || t.type, 'acct-' || p.n, now()
            FROM projects p
            CROSS JOIN LATERAL unnest(@Types) WITH ORDINALITY AS t(type, position)
            WHERE t.position <= CASE WHEN p.n < @Full THEN 7 ELSE 6 END
            """;
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        var full = Connectors - (Projects * 6);
        var inserted = await connection.ExecuteAsync(Seed,
            new { Projects, Types = ConnectorTypes.All.ToArray(), Full = full });
        if (inserted != Connectors)
        {
            throw new InvalidOperationException($"Seeded {inserted} connectors instead of {Connectors}.");
        }
    }

    private static async Task ResetRunsAsync(ProductSystem system)
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            UPDATE sync.sync_run_connectors SET state = 'succeeded', finished_at = now()
            WHERE state IN ('queued', 'running')
            """);
    }

    private static async Task<double> RelayLagAsync(ProductSystem system, DateTime since)
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        var lag = await connection.ExecuteScalarAsync<double?>("""
            SELECT EXTRACT(EPOCH FROM max(sent_at) - max(created_at))::float8
            FROM sync.outbox WHERE created_at >= @Since
            """, new { Since = since });
        return lag ?? double.NaN;
    }

    private sealed record ProductRound(long Consumed, double Seconds, double JobSeconds, double FirstSeconds);

    /// <summary>Messages consumed, with the times of the first and the last.</summary>
    private sealed class Counter
    {
        private long _count;
        private long _first;
        private long _last;

        public long Count => Interlocked.Read(ref _count);

        public long First => Interlocked.Read(ref _first);

        public long Last => Interlocked.Read(ref _last);

        public void Add()
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref _first, now, 0);
            Interlocked.Exchange(ref _last, now);
            Interlocked.Increment(ref _count);
        }

        public void Reset()
        {
            Interlocked.Exchange(ref _count, 0);
            Interlocked.Exchange(ref _first, 0);
            Interlocked.Exchange(ref _last, 0);
        }
    }
}
