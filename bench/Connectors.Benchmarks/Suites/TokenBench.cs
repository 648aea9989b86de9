using System.Diagnostics;
using System.Text.Json;
using Connectors.Benchmarks.Infrastructure;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using Dapper;

namespace Connectors.Benchmarks.Suites;

/// <summary>
/// 50 concurrent requests for one HubSpot connection's expired token against the OAuth service, with the provider
/// sandbox as the platform: how many refresh calls reach the platform, and how long the callers wait.
/// </summary>
public sealed class TokenBench(BenchContext context, ProductSystem system)
{
    private const int Callers = 50;

    public async Task RunAsync()
    {
        BenchContext.Say("token: connecting HubSpot through the sandbox's consent screen");
        var project = await system.CreateProjectAsync("token bench");
        var account = Random.Shared.Next(10_000_000, 99_999_999)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var browser = new Browser(system.Url(ProductSystem.Gateway)))
        {
            await browser.SignInAsync(project.ApiKey);
            var landed = await browser.ConnectAsync("hubspot", account);
            if (!landed.Query.Contains("connected=hubspot", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Connecting HubSpot ended at {landed}.");
            }
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Callers })
        {
            BaseAddress = system.Url(ProductSystem.OAuth),
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var sandbox = new HttpClient { BaseAddress = system.Url(ProductSystem.Sandbox) };
        await BurstAsync(client, project.ProjectId);

        var section = new Section(
            $"Token refresh: {Callers} concurrent requests for one expired token",
            "`POST /internal/tokens/hubspot` (signed for the project) straight to the OAuth service, all released at " +
            "once after the stored access token was made to look expired; the provider sandbox is the platform and " +
            "its request log counts the calls to HubSpot's token endpoint.");
        var refreshes = section.Add("Calls to the platform's token endpoint", "calls", Goal.Exactly(1));
        var p50 = section.Add("Wait per caller, p50", "ms");
        var p99 = section.Add("Wait per caller, p99", "ms");
        var max = section.Add("Wait per caller, max", "ms");
        var distinct = section.Add("Distinct access tokens answered", "tokens", Goal.Exactly(1));
        using (context.Memory.Phase("token refresh"))
        {
            for (var round = 0; round < context.Options.Rounds; round++)
            {
                BenchContext.Say($"token: round {round + 1}/{context.Options.Rounds}");
                await ExpireAsync(project.ProjectId);
                (await sandbox.DeleteAsync("/sandbox/admin/requests")).EnsureSuccessStatusCode();
                var (waits, tokens) = await BurstAsync(client, project.ProjectId);
                var log = await sandbox.GetFromJsonAsync<List<SandboxRequest>>(
                    "/sandbox/admin/requests?platform=hubspot") ?? [];
                refreshes.Values.Add(log.Count(request => request.Kind == "refresh"));
                p50.Values.Add(Summary.Percentile(waits, 50));
                p99.Values.Add(Summary.Percentile(waits, 99));
                max.Values.Add(waits[^1]);
                distinct.Values.Add(tokens);
            }
        }

        section.Notes.Add("Each round first sets `oauth.credentials.access_expires_at` of the connection to an hour " +
            "ago and clears the sandbox's request log; connections to the OAuth service are opened beforehand.");
        context.Sections.Add(section);
    }

    private async Task ExpireAsync(Guid projectId)
    {
        await using var connection = await system.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            UPDATE oauth.credentials SET access_expires_at = now() - interval '1 hour'
            WHERE project_id = @ProjectId AND type = 'hubspot'
            """, new { ProjectId = projectId });
    }

    private async Task<(double[] Waits, int Tokens)> BurstAsync(HttpClient client, Guid projectId)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Callers).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/tokens/hubspot")
            {
                Content = JsonContent.Create(new { forceRefresh = false }),
            };
            request.Headers.Add(CallerSignature.HeaderName, system.Signature.Sign(projectId));
            await gate.Task;
            var start = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var wait = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The token request answered {(int)response.StatusCode}: {body}");
            }

            var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
            return (wait, token);
        }).ToList();
        await Task.Delay(100);
        gate.SetResult();
        var results = await Task.WhenAll(calls);
        var waits = results.Select(result => result.wait).Order().ToArray();
        return (waits, results.Select(result => result.token).Distinct().Count());
    }
}
