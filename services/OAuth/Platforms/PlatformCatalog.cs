using Connectors.Contracts;
using Connectors.ServiceDefaults.Errors;

namespace Connectors.OAuth.Platforms;

/// <summary>Finds the platform of a type id, refusing unknown ids with the list of valid ones.</summary>
public sealed class PlatformCatalog(IEnumerable<IPlatform> platforms)
{
    private readonly Dictionary<string, IPlatform> _byType =
        platforms.ToDictionary(p => p.Type, StringComparer.Ordinal);

    public bool TryGet(string type, out IPlatform platform) => _byType.TryGetValue(type, out platform!);

    /// <summary>The platform of <paramref name="type"/>; a 400 problem naming the valid types otherwise.</summary>
    public IPlatform Get(string type)
    {
        if (TryGet(type, out var platform))
        {
            return platform;
        }

        var problem = new ProblemException(
            StatusCodes.Status400BadRequest,
            "Unknown connector type",
            $"'{type}' is not a connector type. Valid types: {string.Join(", ", ConnectorTypes.All)}.");
        problem.Extensions["validTypes"] = ConnectorTypes.All;
        throw problem;
    }

    public IOAuthPlatform GetOAuth(string type) => Get(type) as IOAuthPlatform
        ?? throw new ProblemException(
            StatusCodes.Status400BadRequest,
            "Connects with an API key",
            $"{Get(type).DisplayName} connects with an API key, not through OAuth: register the key instead.");

    public IApiKeyPlatform GetApiKey(string type) => Get(type) as IApiKeyPlatform
        ?? throw new ProblemException(
            StatusCodes.Status400BadRequest,
            "Connects through OAuth",
            $"{Get(type).DisplayName} connects through OAuth in the browser, not with an API key.");
}
