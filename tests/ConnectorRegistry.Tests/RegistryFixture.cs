using System.Net.Http.Json;
using System.Security.Cryptography;
using Connectors.ServiceDefaults.Security;
using Connectors.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorRegistry.Tests;

/// <summary>The registry on a fresh database and RabbitMQ virtual host, with a stub OAuth service.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "http://gateway.test:5080";

    private readonly TestDatabase _database = new();

    private readonly TestVirtualHost _virtualHost = new();

    private WebApplicationFactory<Program> _factory = null!;

    public RegistryFixture()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        SigningKey = key;
        Signature = new CallerSignature(
            Options.Create(new InternalOptions { SigningKey = key }), TimeProvider.System);
    }

    public string SigningKey { get; }

    public CallerSignature Signature { get; }

    public StubOAuthService OAuth { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _virtualHost.InitializeAsync();
        OAuth = await StubOAuthService.StartAsync(Signature);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Postgres", _database.ConnectionString);
            builder.UseSetting("ConnectionStrings:RabbitMq", _virtualHost.Amqp.ToString());
            builder.UseSetting("Internal:SigningKey", SigningKey);
            builder.UseSetting("PublicBaseUrl", PublicBaseUrl);
            builder.UseSetting("Services:OAuth", OAuth.Address.ToString());
            builder.ConfigureTestServices(services =>
                services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true));
        });
        _ = _factory.Server;
    }

    public HttpClient Client() => _factory.CreateClient();

    /// <summary>Sends a request signed as the gateway signs it, for <paramref name="project"/> (or none).</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        Guid? project,
        HttpContent? content = null)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.SignedFor(Signature, project);
        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(Guid project, object body) =>
        SendAsync(HttpMethod.Post, "/api/connectors", project, JsonContent.Create(body));

    public Task<HttpResponseMessage> PutStatusAsync(Guid project, string type, object body) =>
        SendAsync(HttpMethod.Put, $"/internal/connectors/{type}", project, JsonContent.Create(body));

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await OAuth.DisposeAsync();
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }
}
