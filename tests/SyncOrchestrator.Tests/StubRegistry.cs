using System.Collections.Concurrent;
using System.Net;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.SyncOrchestrator.Tests;

/// <summary>
/// The connector registry's <c>GET /internal/connectors?status=connected</c>, on a loopback port. It checks the
/// caller signature like the real one and answers with the connectors the test connected.
/// </summary>
public sealed class StubRegistry(CallerSignature signature) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, string[]> _connected = new();
    private readonly ConcurrentDictionary<Guid, bool> _unreachable = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Projects the registry was asked about, in order (<see cref="Guid.Empty"/>: every project).</summary>
    public ConcurrentQueue<Guid> Calls { get; } = new();

    public void Connect(Guid project, params string[] types) => _connected[project] = types;

    /// <summary>Calls for <paramref name="project"/> lose their connection instead of getting an answer.</summary>
    public void Break(Guid project) => _unreachable[project] = true;

    public void Reset()
    {
        _connected.Clear();
        _unreachable.Clear();
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/internal/connectors", Connectors);
        await _app.StartAsync();
        var server = _app.Services.GetRequiredService<IServer>();
        BaseAddress = new Uri(server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    private IResult Connectors(HttpContext context, string? status)
    {
        if (!signature.TryVerify(context.Request.Headers[CallerSignature.HeaderName], out var caller))
        {
            return Results.Unauthorized();
        }

        Calls.Enqueue(caller.ProjectId ?? Guid.Empty);
        if (caller.ProjectId is { } project && _unreachable.ContainsKey(project))
        {
            context.Abort();
            return Results.Empty;
        }

        return status == "connected"
            ? Results.Ok(Listed(caller.ProjectId))
            : Results.BadRequest();
    }

    private object[] Listed(Guid? project) =>
    [
        .. _connected
            .Where(entry => project is null || entry.Key == project)
            .SelectMany(entry => entry.Value.Select(type => new
            {
                // Like the registry, a call for one project does not repeat the project on every item.
                projectId = project is null ? entry.Key : (Guid?)null,
                type,
                status = "connected",
            })),
    ];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
