using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Connectors.Contracts;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connectors.Messaging;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ, in claimed batches relayed by a few loops at once, then marks them
/// sent. The rows of a batch are published at once and their broker confirms awaited together: waiting for each
/// confirm before the next publish would cost a round trip per message. No message of the product depends on the
/// order of another, so the order of the rows is not kept. Several instances may run: each batch is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>. A row is marked sent only after the broker confirmed it, so a crash in between
/// publishes it again; consumers are idempotent on the message id.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxOptions options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly ActivitySource Source = new("Connectors.Messaging");

    private static readonly IReadOnlyDictionary<string, Type> Types = typeof(SyncRequested).Assembly.GetTypes()
        .Where(type => type.FullName is not null)
        .ToDictionary(type => type.FullName!);

    private const string Schema = """
        CREATE SCHEMA IF NOT EXISTS {0};
        CREATE TABLE IF NOT EXISTS {0}.outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_id uuid NOT NULL UNIQUE,
            message_type text NOT NULL,
            body jsonb NOT NULL,
            trace_parent text,
            created_at timestamptz NOT NULL DEFAULT now(),
            sent_at timestamptz);
        CREATE INDEX IF NOT EXISTS outbox_unsent ON {0}.outbox (id) WHERE sent_at IS NULL;
        CREATE TABLE IF NOT EXISTS {0}.inbox (
            consumer text NOT NULL,
            message_id uuid NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, message_id));
        """;

    private const string Claim = """
        SELECT id, message_id AS MessageId, message_type AS MessageType, body::text AS Body, trace_parent AS TraceParent
        FROM {0}.outbox WHERE sent_at IS NULL ORDER BY id LIMIT {1} FOR UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// Rows claimed and published at once: as many confirms in flight as the broker sees from a client.
    /// </summary>
    private const int BatchSize = 256;

    /// <summary>Batches relayed at once, each claimed by its own loop (SKIP LOCKED keeps them apart).</summary>
    private const int Lanes = 3;

    private const string MarkSent = "UPDATE {0}.outbox SET sent_at = now() WHERE id = ANY(@Ids)";

    private const string Prune = "DELETE FROM {0}.outbox WHERE sent_at < now() - interval '1 day'";

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Creates the outbox and inbox tables when missing. Called once at start, before any write.</summary>
    public static async Task EnsureTablesAsync(NpgsqlDataSource dataSource, string schema, CancellationToken token)
    {
        await using var connection = await dataSource.OpenConnectionAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('outbox:' || @Schema))", new { Schema = schema }, transaction,
            cancellationToken: token));
        await connection.ExecuteAsync(new CommandDefinition(
            string.Format(Schema, schema), transaction: transaction, cancellationToken: token));
        await transaction.CommitAsync(token);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var wakeUp = new SemaphoreSlim(0);
        _ = ListenAsync(wakeUp, stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => RelayLaneAsync(lane, wakeUp, stoppingToken)));
    }

    /// <summary>
    /// One of the relay's concurrent loops. While one lane waits for the database (claim, mark, commit) another
    /// publishes, so a burst of rows, such as a scheduled fan-out, keeps the broker busy. Only the first lane polls
    /// (and prunes) while the outbox is idle; the others wait for a notification.
    /// </summary>
    private async Task RelayLaneAsync(int lane, SemaphoreSlim wakeUp, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayBatchAsync(prune: lane == 0, stoppingToken);
                failures = 0;
                if (published > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                LogRelayFailed(logger, failures, exception);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures)), stoppingToken);
                continue;
            }

            try
            {
                await wakeUp.WaitAsync(lane == 0 ? Poll : Timeout.InfiniteTimeSpan, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> RelayBatchAsync(bool prune, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claim = new CommandDefinition(
            string.Format(CultureInfo.InvariantCulture, Claim, options.Schema, BatchSize),
            transaction: transaction,
            cancellationToken: cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(claim)).ToList();
        if (rows.Count == 0)
        {
            if (prune)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    string.Format(Prune, options.Schema), transaction: transaction,
                    cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var publishes = rows.Select(row => PublishAsync(row, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(publishes);
        }
        catch (Exception) when (publishes.Any(publish => publish.IsCompletedSuccessfully))
        {
            // The confirmed rows are still marked sent below; the first failure is thrown after that.
        }

        var confirmed = rows.Where((_, index) => publishes[index].IsCompletedSuccessfully)
            .Select(row => row.Id)
            .ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            string.Format(MarkSent, options.Schema), new { Ids = confirmed }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        if (publishes.FirstOrDefault(publish => !publish.IsCompletedSuccessfully) is { } failed)
        {
            await failed;
        }

        return rows.Count;
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (!Types.TryGetValue(row.MessageType, out var type))
        {
            throw new InvalidOperationException($"Outbox row {row.Id} holds unknown message type {row.MessageType}.");
        }

        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity("outbox relay", ActivityKind.Internal, parent);
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)!;
        await bus.Publish(message, type, context => context.MessageId = row.MessageId, cancellationToken);
    }

    private async Task ListenAsync(SemaphoreSlim wakeUp, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => WakeLanes(wakeUp);
                await using (var listen = new NpgsqlCommand($"LISTEN {options.Schema}_outbox", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The poll keeps the relay going while the database is away; listening resumes when it returns.
                await Task.Delay(Poll * 5, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Wakes every idle lane; a lane that finds nothing left goes back to waiting.</summary>
    private static void WakeLanes(SemaphoreSlim wakeUp)
    {
        if (wakeUp.CurrentCount < Lanes)
        {
            wakeUp.Release(Lanes - wakeUp.CurrentCount);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Relaying the outbox failed ({Failures} in a row); retrying")]
    private static partial void LogRelayFailed(ILogger logger, int failures, Exception exception);

    private sealed record OutboxRow(long Id, Guid MessageId, string MessageType, string Body, string? TraceParent);
}
