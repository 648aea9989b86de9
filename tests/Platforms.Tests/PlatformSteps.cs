using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Testing;
using Dapper;

namespace Connectors.Platforms.Tests;

/// <summary>What a user (and the platform, through the sandbox) does, and what the database holds.</summary>
public sealed class PlatformSteps(PlatformsFixture fixture, PlatformCase platform)
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(2);

    public SandboxAdmin Sandbox => fixture.Sandbox;

    /// <summary>A new project connected to a new, small sandbox account of the platform.</summary>
    /// <param name="name">Part of the project's name.</param>
    /// <param name="settings">The admin <c>PUT</c> body when not the platform's usual one.</param>
    public async Task<Connection> ConnectNewAsync(string name, object? settings = null)
    {
        var (project, api) = await fixture.NewProjectAsync($"{platform.Type} {name}");
        var account = platform.NewAccount();
        await Sandbox.ConfigureAccountAsync(platform.Type, account, settings ?? platform.Settings);
        if (platform.Type == "stripe")
        {
            var key = "sk_test_" + Guid.NewGuid().ToString("N");
            await Sandbox.RegisterStripeKeyAsync(key, account);
            var created = await api.PostAsJsonAsync(
                "/api/connectors", new { type = "stripe", credentials = new { apiKey = key } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        else
        {
            using var browser = new Browser(fixture.System.Gateway);
            await browser.SignInAsync(project.ApiKey);
            var landed = await browser.ConnectAsync(platform.Type, account);
            Assert.Contains($"connected={platform.Type}", landed.Query, StringComparison.Ordinal);
        }

        return new Connection(project, api, account);
    }

    public async Task<HttpResponseMessage> StartSyncAsync(Connection connection) =>
        await connection.Api.PostAsync("/api/sync/run", null);

    /// <summary>Starts a sync of the project and waits for the platform's completion.</summary>
    public async Task<SyncCompleted> SyncAsync(Connection connection)
    {
        var response = await StartSyncAsync(connection);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await CompletionAsync(response);
    }

    public async Task<SyncCompleted> CompletionAsync(HttpResponseMessage started)
    {
        var body = (await started.Content.ReadFromJsonAsync<SyncStartedResponse>())!;
        var completions = await fixture.Completions.WaitForAsync(body.SyncId, 1, SyncTimeout);
        return Assert.Single(completions, c => c.Type == platform.Type);
    }

    /// <summary>The sandbox's keys of each stream within the window the completion read.</summary>
    public async Task<Dictionary<string, List<string>>> ServedAsync(string account, SyncCompleted completion)
    {
        var served = new Dictionary<string, List<string>>();
        foreach (var stream in completion.Streams)
        {
            var keys = (await Sandbox.AccountAsync(platform.Type, account, Since(stream))).Streams[stream.Stream].Keys;
            served[stream.Stream] = keys;
        }

        return served;
    }

    public DateOnly? Since(StreamResult stream) =>
        platform.DatePartitioned && stream.WindowStart is { } start ? DateOnly.FromDateTime(start.UtcDateTime) : null;

    /// <summary>The natural keys of the project's live rows in a stream's table.</summary>
    public async Task<List<string>> LandedAsync(Guid project, StreamResult stream)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        var sql = $"SELECT {LandedKeys.Expression(platform.Type, stream.Stream)} FROM {stream.Table} "
            + $"WHERE project_id = @Project {LandedKeys.LiveFilter(platform.Type)}";
        return [.. await connection.QueryAsync<string>(sql, new { Project = project })];
    }

    /// <summary>The keys of rows the given sync last changed (written or rewritten).</summary>
    public async Task<List<string>> ChangedByAsync(Guid project, StreamResult stream, string syncId)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        var sql = $"SELECT {LandedKeys.Expression(platform.Type, stream.Stream)} FROM {stream.Table} "
            + "WHERE project_id = @Project AND sync_id = @SyncId";
        return [.. await connection.QueryAsync<string>(sql, new { Project = project, SyncId = syncId })];
    }

    public async Task<List<string>> DeletedAsync(Guid project, StreamResult stream)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        var sql = $"SELECT id FROM {stream.Table} WHERE project_id = @Project AND deleted";
        return [.. await connection.QueryAsync<string>(sql, new { Project = project })];
    }

    public async Task<long> TotalRowsAsync(Guid project, StreamResult stream)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            $"SELECT count(*) FROM {stream.Table} WHERE project_id = @Project", new { Project = project });
    }

    public async Task<StoredCredential?> CredentialAsync(Guid project)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredCredential>(
            """
            SELECT ciphertext AS Ciphertext, updated_at AS UpdatedAt, grant_status AS GrantStatus
            FROM oauth.credentials WHERE project_id = @Project AND type = @Type
            """,
            new { Project = project, Type = platform.Type });
    }

    public static async Task<List<ConnectorView>> ConnectorsAsync(HttpClient api)
    {
        var response = await api.GetAsync("/api/connectors");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<ConnectorView>>())!;
    }

    public async Task<ConnectorView?> ConnectorAsync(Connection connection) =>
        (await ConnectorsAsync(connection.Api)).SingleOrDefault(c => c.Type == platform.Type);

    /// <summary>Asks an OAuth instance for a token as a worker does: a signed internal call for the project.</summary>
    public async Task<(HttpStatusCode Status, string? AccessToken)> TokenAsync(
        Uri oauth, Guid project, bool forceRefresh, string? rejectedAccessToken)
    {
        using var client = new HttpClient { BaseAddress = oauth, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/internal/tokens/{platform.Type}")
        {
            Content = JsonContent.Create(new { forceRefresh, rejectedAccessToken }),
        };
        request.Headers.Add("X-Connectors-Caller", Sign(project));
        using var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("accessToken").GetString());
    }

    public async Task<IReadOnlyList<SandboxRequest>> RequestsAsync(string account) =>
        await Sandbox.RequestsAsync(platform.Type, account);

    private string Sign(Guid project)
    {
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = $"v1.{project:D}.{seconds}";
        var mac = HMACSHA256.HashData(
            Convert.FromBase64String(fixture.System.SigningKey), Encoding.ASCII.GetBytes(payload));
        return $"{payload}.{Base64Url.EncodeToString(mac)}";
    }
}

public sealed record Connection(Project Project, HttpClient Api, string Account)
{
    public Guid ProjectId => Project.ProjectId;
}

public sealed record ConnectorView(
    string Type,
    string Status,
    string? StatusReason,
    DateTimeOffset? LastSync,
    string? AccountName,
    DateTimeOffset? ConnectedAt,
    DateTimeOffset? TokenExpiresAt = null,
    string? Warning = null);

public sealed record SyncStartedResponse(string Status, string SyncId, List<string> Connectors);

public sealed record StoredCredential(byte[] Ciphertext, DateTime UpdatedAt, string GrantStatus);
