using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Gateway.Tests;

/// <summary>What a stand-in backend received.</summary>
public sealed record EchoedRequest(
    string Backend,
    string Method,
    string Target,
    Dictionary<string, string> Headers)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(pair => pair.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
}

/// <summary>A tiny Kestrel server on 127.0.0.1 standing in for a backend: it answers with what it received.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<EchoedRequest> Received { get; } = new();

    public static async Task<EchoServer> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new EchoServer(name, app);
        app.Run(server.EchoAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Address = new Uri(address.First());
        return server;
    }

    private async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var echoed = new EchoedRequest(
            Name,
            request.Method,
            request.Path + request.QueryString,
            request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString()));
        Received.Enqueue(echoed);
        await context.Response.WriteAsJsonAsync(echoed);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
