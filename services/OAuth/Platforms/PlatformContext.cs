using Connectors.ServiceDefaults.Platforms;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Platforms;

/// <summary>What every platform class needs: its HTTP client, its settings and the clock.</summary>
public sealed class PlatformContext(
    IHttpClientFactory httpClients,
    IOptionsMonitor<PlatformOptions> options,
    TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    /// <summary>The named client of the platform (its timeout is set at registration).</summary>
    public HttpClient Client(string type) => httpClients.CreateClient(type);

    public PlatformOptions Options(string type) => options.Get(type);
}
