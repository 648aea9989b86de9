using System.Collections.Concurrent;
using System.Text.Json;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorRegistry.Tests;

/// <summary>
/// A tiny Kestrel server on 127.0.0.1 standing in for the OAuth service's internal credentials API. It accepts the
/// Stripe key <see cref="GoodKey"/>, refuses any other, and fails deletions for projects in
/// <see cref="FailingProjects"/>.
/// </summary>
public sealed class StubOAuthService : IAsyncDisposable
{
    public const string GoodKey = "sk_test_good";

    public const string AccountName = "Acme Payments";

    private readonly WebApplication _app;

    private readonly CallerSignature _signature;

    private StubOAuthService(WebApplication app, CallerSignature signature)
    {
        _app = app;
        _signature = signature;
    }

    public Uri Address { get; private set; } = null!;

    public ConcurrentDictionary<Guid, bool> FailingProjects { get; } = new();

    /// <summary>Each call received: method, type and the project its signature named.</summary>
    public ConcurrentQueue<(string Method, string Type, Guid? Project)> Calls { get; } = new();

    public static async Task<StubOAuthService> StartAsync(CallerSignature signature)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubOAuthService(app, signature);
        app.MapPut("/internal/credentials/{type}", stub.StoreAsync);
        app.MapDelete("/internal/credentials/{type}", stub.Delete);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        stub.Address = new Uri(addresses.First());
        return stub;
    }

    private async Task<IResult> StoreAsync(string type, HttpContext context)
    {
        var project = Caller(context, "PUT", type);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var key = body.RootElement.GetProperty("credentials").GetProperty("apiKey").GetString();
        return project is null
            ? Results.Unauthorized()
            : key == GoodKey
                ? Results.Ok(new { accountName = AccountName, accountId = "acct_123" })
                : Results.Problem(statusCode: 422, title: "Refused", detail: "Invalid API Key provided: sk_test_****");
    }

    private IResult Delete(string type, HttpContext context)
    {
        var project = Caller(context, "DELETE", type);
        return project is { } id && FailingProjects.ContainsKey(id)
            ? Results.StatusCode(500)
            : Results.Ok(new { revoked = true });
    }

    private Guid? Caller(HttpContext context, string method, string type)
    {
        _signature.TryVerify(context.Request.Headers[CallerSignature.HeaderName], out var caller);
        Calls.Enqueue((method, type, caller.ProjectId));
        return caller.ProjectId;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
