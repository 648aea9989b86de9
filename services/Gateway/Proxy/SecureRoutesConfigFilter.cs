using Yarp.ReverseProxy.Configuration;

namespace Connectors.Gateway.Proxy;

/// <summary>
/// Makes every proxied route require a project unless its configuration says <c>anonymous</c> on purpose, so a
/// route added to appsettings without a policy is closed rather than open.
/// </summary>
internal sealed class SecureRoutesConfigFilter : IProxyConfigFilter
{
    public const string Anonymous = "anonymous";

    private const string Default = "default";

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
        ValueTask.FromResult(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(
        RouteConfig route,
        ClusterConfig? cluster,
        CancellationToken cancel) =>
        ValueTask.FromResult(string.IsNullOrWhiteSpace(route.AuthorizationPolicy)
            ? route with { AuthorizationPolicy = Default }
            : route);
}
