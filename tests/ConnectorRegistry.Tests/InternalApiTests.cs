using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connectors.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.ConnectorRegistry.Tests;

public sealed class InternalApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task PutStatus_Connected_SetsConnectedAtOnlyOnTransition()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "hubspot", new { status = "pending" });

        var first = await ReadAsync(await registry.PutStatusAsync(
            project, "hubspot", new { status = "connected", accountName = "Acme CRM" }));
        var second = await ReadAsync(await registry.PutStatusAsync(project, "hubspot", new { status = "connected" }));

        Assert.Equal("connected", second.GetProperty("status").GetString());
        Assert.Equal("Acme CRM", second.GetProperty("accountName").GetString());
        Assert.Equal(first.GetProperty("connectedAt").GetString(), second.GetProperty("connectedAt").GetString());
    }

    [Fact]
    public async Task PutStatus_UnknownStatus_Returns400()
    {
        using var response = await registry.PutStatusAsync(Guid.NewGuid(), "hubspot", new { status = "sleepy" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ListConnected_SignedWithoutProject_ReturnsEveryProjectsConnectedOnes()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await registry.PutStatusAsync(first, "stripe", new { status = "connected", accountId = "acct_1" });
        await registry.PutStatusAsync(second, "hubspot", new { status = "connected", accountId = "hub_2" });
        await registry.PutStatusAsync(second, "google_ads", new { status = "pending" });

        using var response = await registry.SendAsync(HttpMethod.Get, "/internal/connectors?status=connected", null);

        var rows = await response.Content.ReadFromJsonAsync<List<Row>>();
        Assert.Contains(new Row(first, "stripe", "connected", "acct_1"), rows!);
        Assert.Contains(new Row(second, "hubspot", "connected", "hub_2"), rows!);
        Assert.DoesNotContain(rows!, row => row.Type == "google_ads");
    }

    [Fact]
    public async Task ListConnected_SignedForProject_ReturnsOnlyThatProject()
    {
        var mine = Guid.NewGuid();
        await registry.PutStatusAsync(mine, "stripe", new { status = "connected" });
        await registry.PutStatusAsync(Guid.NewGuid(), "stripe", new { status = "connected" });

        using var response = await registry.SendAsync(HttpMethod.Get, "/internal/connectors?status=connected", mine);

        var rows = await response.Content.ReadFromJsonAsync<List<Row>>();
        Assert.Equal(mine, Assert.Single(rows!).ProjectId);
    }

    [Fact]
    public async Task SyncCompleted_Succeeded_SetsLastSync()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "stripe", new { status = "connected" });
        var completedAt = new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.FromHours(2));

        await PublishAsync(project, SyncOutcome.Succeeded, null, completedAt);

        var connector = await WaitForAsync(project, c => c.GetProperty("lastSync").ValueKind != JsonValueKind.Null);
        Assert.Equal("2025-01-15T08:00:00Z", connector.GetProperty("lastSync").GetString());
    }

    [Fact]
    public async Task SyncCompleted_AuthFailure_SetsReauthRequiredWithReason()
    {
        var project = Guid.NewGuid();
        await registry.PutStatusAsync(project, "stripe", new { status = "connected" });
        var error = new SyncError { Class = FailureClass.Auth, Message = "The API key was revoked." };

        await PublishAsync(project, SyncOutcome.Failed, error, DateTimeOffset.UtcNow);

        var connector = await WaitForAsync(project, c => c.GetProperty("status").GetString() != "connected");
        Assert.Equal("reauth_required", connector.GetProperty("status").GetString());
        Assert.Equal("The API key was revoked.", connector.GetProperty("statusReason").GetString());
    }

    private async Task PublishAsync(Guid project, SyncOutcome outcome, SyncError? error, DateTimeOffset completedAt)
    {
        var bus = registry.Services.GetRequiredService<IBus>();
        await bus.Publish(new SyncCompleted
        {
            SyncId = "sync_" + Guid.NewGuid().ToString("N"),
            ProjectId = project,
            Type = "stripe",
            Status = outcome,
            Streams = [],
            Error = error,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(1),
            CompletedAt = completedAt,
        });
    }

    /// <summary>Polls the list until the consumer changed the connector (a bounded wait, not an assertion).</summary>
    private async Task<JsonElement> WaitForAsync(Guid project, Func<JsonElement, bool> changed)
    {
        JsonElement connector = default;
        for (var attempt = 0; attempt < 150; attempt++)
        {
            using var response = await registry.SendAsync(HttpMethod.Get, "/api/connectors", project);
            connector = (await ReadAsync(response)).EnumerateArray().Single();
            if (changed(connector))
            {
                break;
            }

            await Task.Delay(100);
        }

        return connector;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }
    }

    private sealed record Row(Guid ProjectId, string Type, string Status, string? AccountId);
}
