using Connectors.Gateway.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Connectors.Gateway.Authentication;

/// <summary>
/// Finds the project of an API key by its hash. Valid keys are remembered for
/// <see cref="GatewayOptions.ApiKeyCacheSeconds"/>; unknown keys are always looked up again.
/// </summary>
public sealed class ApiKeyValidator(IProjectRepository projects, IMemoryCache cache, IOptions<GatewayOptions> options)
{
    public async Task<Guid?> FindProjectAsync(string key, CancellationToken cancellationToken)
    {
        if (!ApiKeys.HasKeyShape(key))
        {
            return null;
        }

        var hash = ApiKeys.Hash(key);
        var cacheKey = "api-key:" + Convert.ToHexString(hash);
        if (cache.TryGetValue(cacheKey, out Guid cached))
        {
            return cached;
        }

        var project = await projects.FindProjectByKeyHashAsync(hash, cancellationToken);
        var lifetime = TimeSpan.FromSeconds(options.Value.ApiKeyCacheSeconds);
        if (project is { } found && lifetime > TimeSpan.Zero)
        {
            cache.Set(cacheKey, found, lifetime);
        }

        return project;
    }
}
