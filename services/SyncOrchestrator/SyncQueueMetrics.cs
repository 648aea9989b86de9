using Connectors.Contracts;
using Connectors.Messaging;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Connectors.SyncOrchestrator;

/// <summary>
/// Reads, every <c>Sync:QueueMetricsInterval</c>, how many requests wait in each platform's queue (a passive queue
/// declare on RabbitMQ, which changes nothing) and how old the oldest still-queued run of each platform is (from the
/// orchestrator's own runs), and hands both to <see cref="SyncOrchestratorMetrics"/>. A queue that does not exist
/// (no worker serves that platform) is left out; a failed reading keeps the previous one and is tried again later.
/// </summary>
internal sealed partial class SyncQueueMonitor(
    SyncOrchestratorMetrics metrics,
    NpgsqlDataSource dataSource,
    IConfiguration configuration,
    IOptions<SyncOptions> options,
    ILogger<SyncQueueMonitor> logger) : BackgroundService
{
    private const string OldestQueued = """
        SELECT c.type AS Type, EXTRACT(EPOCH FROM now() - min(r.requested_at))::float8 AS Seconds
        FROM sync.sync_run_connectors c
        JOIN sync.sync_runs r ON r.id = c.sync_id
        WHERE c.state = 'queued'
        GROUP BY c.type
        """;

    private IConnection? _connection;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(configuration.GetConnectionString(MessagingExtensions.ConnectionStringName)!),
            ClientProvidedName = "connectors-orchestrator-queue-metrics",
        };
        using var timer = new PeriodicTimer(options.Value.QueueMetricsInterval);
        var failing = false;
        do
        {
            try
            {
                metrics.Observed(await ReadDepthsAsync(factory, stoppingToken), await ReadLagsAsync(stoppingToken));
                failing = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (!failing)
                {
                    LogReadingFailed(logger, exception.GetType().Name, exception.Message);
                }

                failing = true;
                await DropConnectionAsync();
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DropConnectionAsync();
    }

    private async Task<Dictionary<string, long>> ReadDepthsAsync(
        ConnectionFactory factory,
        CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: false })
        {
            await DropConnectionAsync();
        }

        _connection ??= await factory.CreateConnectionAsync(cancellationToken);
        var depths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var type in ConnectorTypes.All)
        {
            // A missing queue closes the channel, so each queue is asked on a channel of its own.
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var queue = await channel.QueueDeclarePassiveAsync($"sync-{type}", cancellationToken);
                depths[type] = queue.MessageCount;
            }
            catch (OperationInterruptedException)
            {
            }
        }

        return depths;
    }

    private async Task<Dictionary<string, double>> ReadLagsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var oldest = (await connection.QueryAsync<(string Type, double Seconds)>(
            new CommandDefinition(OldestQueued, cancellationToken: cancellationToken)))
            .ToDictionary(row => row.Type, row => Math.Max(0, row.Seconds), StringComparer.Ordinal);
        return ConnectorTypes.All.ToDictionary(
            type => type, type => oldest.GetValueOrDefault(type), StringComparer.Ordinal);
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReadingFailed(logger, exception.GetType().Name, exception.Message);
            }
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Queue depth and lag could not be read ({Error}: {Reason}); the gauges keep their last values")]
    private static partial void LogReadingFailed(ILogger logger, string error, string reason);
}
