using Connectors.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Connectors.Benchmarks.Hosts;

/// <summary>
/// The baseline of the gateway benchmark: a bare YARP proxy in front of one service that signs the caller header
/// for a fixed project the way the gateway does, with no authentication, middleware or telemetry.
/// Settings: <c>Bench:Destination</c>, <c>Bench:ProjectId</c>, <c>Internal:SigningKey</c>, <c>--urls</c>.
/// </summary>
public static class YarpHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // The Workers project's appsettings land in this program's folder; a helper host logs warnings only.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        var destination = builder.Configuration["Bench:Destination"]
            ?? throw new InvalidOperationException("Bench:Destination is missing.");
        var project = Guid.Parse(builder.Configuration["Bench:ProjectId"]
            ?? throw new InvalidOperationException("Bench:ProjectId is missing."));
        var signature = new CallerSignature(
            Options.Create(new InternalOptions { SigningKey = builder.Configuration["Internal:SigningKey"] ?? "" }),
            TimeProvider.System);

        RouteConfig[] routes = [new() { RouteId = "all", ClusterId = "service", Match = new() { Path = "{**rest}" } }];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "service",
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    ["primary"] = new() { Address = destination },
                },
            },
        ];
        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddTransforms(context => context.AddRequestTransform(transform =>
            {
                var headers = transform.ProxyRequest.Headers;
                headers.Remove(CallerSignature.HeaderName);
                headers.TryAddWithoutValidation(CallerSignature.HeaderName, signature.Sign(project));
                return ValueTask.CompletedTask;
            }));

        var app = builder.Build();
        app.MapGet("/bench/ready", () => "ready");
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}
