using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Testing;

namespace Connectors.EndToEnd.Tests;

/// <summary>
/// Connects, syncs and disconnects, then looks for every secret the run created (project keys, Stripe keys,
/// authorization codes and tokens the sandbox issued, the internal signing key) in every process log, in the
/// events downstream consumers received and in what the API answered.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class NothingLeakedTests(SystemFixture fixture)
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ConnectSyncDisconnect_LogsEventsAndResponses_HoldNoSecret()
    {
        var (project, api) = await fixture.NewProjectAsync("nothing leaked");
        var (_, stripeKey) = await Accounts.StripeAsync(fixture.Sandbox);
        using var browser = new Browser(fixture.System.Gateway);
        await browser.SignInAsync(project.ApiKey);
        await browser.ConnectAsync("google_ads", Accounts.GoogleAds());
        await browser.ConnectAsync("hubspot", Accounts.HubSpot());
        var stripe = await api.PostAsJsonAsync(
            "/api/connectors", new { type = "stripe", credentials = new { apiKey = stripeKey } });
        Assert.Equal(HttpStatusCode.Created, stripe.StatusCode);

        var answers = new List<string> { await stripe.Content.ReadAsStringAsync() };
        var started = await (await api.PostAsync("/api/sync/run", null))
            .Content.ReadFromJsonAsync<SyncStartedResponse>();
        var completions = await fixture.Analytics.WaitForAsync(started!.SyncId, 3, SyncTimeout);
        answers.Add(await api.GetStringAsync($"/api/sync/{started.SyncId}"));
        answers.Add(await api.GetStringAsync("/api/connectors"));
        var disconnect = await api.DeleteAsync("/api/connectors?type=google_ads");
        answers.Add(await disconnect.Content.ReadAsStringAsync());
        var secrets = await SecretsAsync(project.ApiKey, stripeKey);
        var logs = ReadLogs();
        var events = completions.Select(c => JsonSerializer.Serialize(c)).ToList();

        Assert.Equal(3, completions.Count);
        Assert.All(completions, c => Assert.Equal(SyncOutcome.Succeeded, c.Status));
        Assert.Contains(secrets, s => s.Kind == "access_token");
        Assert.Contains(secrets, s => s.Kind == "refresh_token");
        Assert.Contains(logs, log => log.Text.Contains(project.ProjectId.ToString(), StringComparison.Ordinal));
        Assert.Empty(Leaks(secrets, logs.Select(log => ($"log {log.Name}", log.Text))));
        Assert.Empty(Leaks(secrets, events.Select(text => ("SyncCompleted", text))));
        Assert.Empty(Leaks(secrets, answers.Select(text => ("API answer", text))));
    }

    private static List<string> Leaks(
        IReadOnlyList<Secret> secrets, IEnumerable<(string Where, string Text)> places) =>
        [.. from place in places
            from secret in secrets
            where place.Text.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.Kind} of {secret.Platform} found in {place.Where}"];

    private async Task<List<Secret>> SecretsAsync(string apiKey, string stripeKey)
    {
        using var sandbox = new HttpClient { BaseAddress = fixture.System.Sandbox };
        var issued = await sandbox.GetFromJsonAsync<List<Secret>>("/sandbox/admin/secrets");
        return
        [
            .. issued!.Where(secret => secret.Value.Length >= 8),
            new Secret("project_api_key", "gateway", apiKey),
            new Secret("stripe_key", "stripe", stripeKey),
            new Secret("signing_key", "internal", fixture.System.SigningKey),
        ];
    }

    /// <summary>Every process log of the run, read while the processes may still be writing.</summary>
    private List<(string Name, string Text)> ReadLogs() =>
    [
        .. Directory.EnumerateFiles(fixture.System.LogsDirectory, "*.log").Select(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return (Path.GetFileName(path), reader.ReadToEnd());
        }),
    ];

    private sealed record Secret(string Kind, string Platform, string Value);
}
