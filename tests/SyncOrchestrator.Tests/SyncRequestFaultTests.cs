using System.Text.Json;
using Connectors.Contracts;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.SyncOrchestrator.Tests;

public sealed class SyncRequestFaultTests : IClassFixture<OrchestratorFixture>
{
    private readonly OrchestratorFixture _fixture;
    private readonly IBus _bus;
    private readonly ConsumedMessages _consumed = new();

    public SyncRequestFaultTests(OrchestratorFixture fixture)
    {
        _fixture = fixture;
        _bus = fixture.Factory.Services.GetRequiredService<IBus>();
        _bus.ConnectConsumeObserver(_consumed);
    }

    [Fact]
    public async Task FaultOfSyncRequested_QueuedConnector_ShowsFailedWithTheReason()
    {
        var (project, syncId) = await StartRunAsync();

        await PublishFaultAsync(project, syncId, "Failed to connect to 127.0.0.1:5432");

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        var stripe = run.GetProperty("connectors")[0];
        Assert.Equal("failed", stripe.GetProperty("state").GetString());
        var error = stripe.GetProperty("error");
        Assert.Equal("transient", error.GetProperty("class").GetString());
        Assert.Contains("Failed to connect to 127.0.0.1:5432", error.GetProperty("message").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultOfSyncRequested_AfterTheConnectorSucceeded_ChangesNothing()
    {
        var (project, syncId) = await StartRunAsync();
        await PublishAsync<SyncCompleted>(new SyncCompleted
        {
            SyncId = syncId,
            ProjectId = project,
            Type = ConnectorTypes.Stripe,
            Status = SyncOutcome.Succeeded,
            Streams = [],
            StartedAt = DateTimeOffset.UtcNow,
            CompletedAt = DateTimeOffset.UtcNow,
        });

        await PublishFaultAsync(project, syncId, "late");

        var run = await _fixture.GetJsonAsync(project, $"/api/sync/{syncId}");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("connectors")[0].GetProperty("error").ValueKind);
    }

    private async Task<(Guid Project, string SyncId)> StartRunAsync()
    {
        var project = Guid.NewGuid();
        _fixture.Registry.Connect(project, ConnectorTypes.Stripe);
        return (project, await _fixture.StartRunAsync(project));
    }

    private Task PublishFaultAsync(Guid project, string syncId, string reason)
    {
        var request = new SyncRequested
        {
            SyncId = syncId,
            ProjectId = project,
            Type = ConnectorTypes.Stripe,
            Trigger = SyncTrigger.Manual,
            RequestedAt = DateTimeOffset.UtcNow,
        };
        var fault = new FaultEvent<SyncRequested>(
            request, NewId.NextGuid(), HostMetadataCache.Host, new TimeoutException(reason), []);
        return PublishAsync<Fault<SyncRequested>>(fault);
    }

    private async Task PublishAsync<T>(object message)
        where T : class
    {
        var id = NewId.NextGuid();
        await _bus.Publish<T>(message, context => context.MessageId = id);
        await _consumed.WaitAsync(id);
    }
}
