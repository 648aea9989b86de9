using System.Net.Http.Json;
using Connectors.OAuth.Data;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.OAuth.Tests;

/// <summary>
/// The OAuth service on a real test database, with every platform it talks to (and the registry) pointed at the
/// fake. Extra settings replace the defaults, e.g. to change the encryption keys.
/// </summary>
public sealed class OAuthApp(
    TestDatabase database,
    FakePlatform fake,
    IReadOnlyDictionary<string, string?>? overrides = null) : WebApplicationFactory<Program>
{
    public const string PublicBaseUrl = "http://127.0.0.1:5080";

    public static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)0xA1, 32).ToArray());

    public static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)0xB2, 32).ToArray());

    private static readonly string _signingKey = Convert.ToBase64String(Enumerable.Repeat((byte)0x5C, 32).ToArray());

    public TestDatabase Database => database;

    public CallerSignature Signature => Services.GetRequiredService<CallerSignature>();

    /// <summary>A browser: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        HttpMethod method,
        string url,
        Guid? project,
        object? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return client.SendAsync(request.SignedFor(Signature, project));
    }

    public async Task<CredentialRow?> ReadRowAsync(Guid project, string type)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<CredentialRow>("""
            SELECT project_id AS ProjectId, type AS Type, key_id AS KeyId, nonce AS Nonce, ciphertext AS Ciphertext,
                   account_id AS AccountId, metadata::text AS Metadata, access_expires_at AS AccessExpiresAt,
                   refresh_expires_at AS RefreshExpiresAt, grant_status AS GrantStatus,
                   grant_status_reason AS GrantStatusReason, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM oauth.credentials WHERE project_id = @project AND type = @type
            """, new { project, type });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    private Dictionary<string, string?> Settings()
    {
        var f = fake.BaseUrl;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Internal:SigningKey"] = _signingKey,
            ["PublicBaseUrl"] = PublicBaseUrl,
            ["Services:Registry"] = $"{f}/registry",
            ["Encryption:ActiveKeyId"] = "a",
            ["Encryption:Keys:a"] = KeyA,
            ["Platforms:google_ads:ClientId"] = "google-client",
            ["Platforms:google_ads:ClientSecret"] = "google-secret",
            ["Platforms:google_ads:AuthorizeUrl"] = $"{f}/google/auth",
            ["Platforms:google_ads:TokenUrl"] = $"{f}/google/token",
            ["Platforms:google_ads:RevokeUrl"] = $"{f}/google/revoke",
            ["Platforms:google_ads:ApiBaseUrl"] = $"{f}/google/ads",
            ["Platforms:hubspot:ClientId"] = "hubspot-client",
            ["Platforms:hubspot:ClientSecret"] = "hubspot-secret",
            ["Platforms:hubspot:AuthorizeUrl"] = $"{f}/hubspot/authorize",
            ["Platforms:hubspot:TokenUrl"] = $"{f}/hubspot/token",
            ["Platforms:hubspot:RevokeUrl"] = $"{f}/hubspot/revoke",
            ["Platforms:hubspot:IntrospectUrl"] = $"{f}/hubspot/introspect",
            ["Platforms:hubspot:ApiBaseUrl"] = $"{f}/hubspot/api",
            ["Platforms:quickbooks:ClientId"] = "intuit-client",
            ["Platforms:quickbooks:ClientSecret"] = "intuit-secret",
            ["Platforms:quickbooks:AuthorizeUrl"] = $"{f}/intuit/connect",
            ["Platforms:quickbooks:TokenUrl"] = $"{f}/intuit/token",
            ["Platforms:quickbooks:RevokeUrl"] = $"{f}/intuit/revoke",
            ["Platforms:quickbooks:ApiBaseUrl"] = $"{f}/intuit/api",
            ["Platforms:stripe:ApiBaseUrl"] = $"{f}/stripe",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>One database, one fake platform and one service for a test class.</summary>
public sealed class OAuthFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public FakePlatform Fake { get; } = new();

    public OAuthApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Fake.StartAsync();
        App = new OAuthApp(Database, Fake);
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Fake.DisposeAsync();
        await Database.DisposeAsync();
    }
}
