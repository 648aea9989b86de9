using System.Collections.Concurrent;
using Connectors.Contracts;
using Connectors.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connectors.Workers.Tests.Infrastructure;

/// <summary>
/// Another service on the test virtual host, wired with the product topology: publishes sync requests through the
/// real exchange and collects the workers' events, as the orchestrator would.
/// </summary>
public sealed class BusProbe : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly IHost _host;

    private BusProbe(IHost host) => _host = host;

    public ProbeInbox Inbox => _host.Services.GetRequiredService<ProbeInbox>();

    /// <summary>
    /// Starts the probe; <paramref name="standInFor"/> binds a bare queue for that platform's requests.
    /// </summary>
    public static async Task<BusProbe> StartAsync(Uri amqp, string? standInFor)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:RabbitMq"] = amqp.ToString();
        builder.Services.AddSingleton<ProbeInbox>();
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.AddMessaging(
            bus =>
            {
                bus.AddConsumer<CompletedCollector>();
                bus.AddConsumer<StartedCollector>();
                bus.AddConsumer<RequestCollector>().ExcludeFromConfigureEndpoints();
            },
            (context, rabbit) =>
            {
                if (standInFor is not null)
                {
                    rabbit.SyncRequestEndpoint<RequestCollector>(context, standInFor);
                }
            });
        var host = builder.Build();
        await host.StartAsync();
        return new BusProbe(host);
    }

    /// <summary>Publishes a sync request as the orchestrator does and returns its sync id.</summary>
    public async Task<string> RequestAsync(Guid projectId, string type)
    {
        var syncId = "sync_" + Guid.NewGuid().ToString("N");
        await _host.Services.GetRequiredService<IBus>().Publish(new SyncRequested
        {
            SyncId = syncId,
            ProjectId = projectId,
            Type = type,
            Trigger = SyncTrigger.Manual,
            RequestedAt = DateTimeOffset.UtcNow,
        });
        return syncId;
    }

    public Task<SyncCompleted> CompletedAsync(string syncId) => Inbox.Completed(syncId).Task.WaitAsync(Patience);

    public Task<SyncRequested> StandInReceivedAsync(string syncId) => Inbox.Requested(syncId).Task.WaitAsync(Patience);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>Messages the probe received, each awaitable by sync id.</summary>
public sealed class ProbeInbox
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SyncCompleted>> _completed = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SyncRequested>> _requested = new();

    public ConcurrentDictionary<string, SyncStarted> Started { get; } = new();

    public TaskCompletionSource<SyncCompleted> Completed(string syncId) =>
        _completed.GetOrAdd(syncId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public TaskCompletionSource<SyncRequested> Requested(string syncId) =>
        _requested.GetOrAdd(syncId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed class CompletedCollector(ProbeInbox inbox) : IConsumer<SyncCompleted>
{
    public Task Consume(ConsumeContext<SyncCompleted> context)
    {
        inbox.Completed(context.Message.SyncId).TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class StartedCollector(ProbeInbox inbox) : IConsumer<SyncStarted>
{
    public Task Consume(ConsumeContext<SyncStarted> context)
    {
        inbox.Started[context.Message.SyncId] = context.Message;
        return Task.CompletedTask;
    }
}

public sealed class RequestCollector(ProbeInbox inbox) : IConsumer<SyncRequested>
{
    public Task Consume(ConsumeContext<SyncRequested> context)
    {
        inbox.Requested(context.Message.SyncId).TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
