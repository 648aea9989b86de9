using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.OAuth;

/// <summary>The OAuth clients registered in configuration and how a request presents its credentials.</summary>
internal sealed class ClientRegistry(IOptions<SandboxOptions> options)
{
    public ClientRegistration? Find(string provider) =>
        options.Value.Clients.TryGetValue(provider, out var client) ? client : null;

    public bool IsKnownClient(string provider, string? clientId) =>
        clientId is not null && Find(provider)?.ClientId == clientId;

    public bool Verify(string provider, string? clientId, string? secret)
    {
        var client = Find(provider);
        return client is not null && clientId == client.ClientId && secret == client.ClientSecret;
    }

    public int Lifetime(string provider, int fallback) =>
        options.Value.TokenLifetimes.TryGetValue(provider, out var seconds) ? seconds : fallback;

    public static (string? Id, string? Secret) ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return (null, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0
                ? (Uri.UnescapeDataString(text), null)
                : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    public static string? ReadBearer(HttpRequest request)
    {
        return AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            ? header.Parameter
            : null;
    }

    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        return request.HasFormContentType
            ? await request.ReadFormAsync(cancellationToken)
            : FormCollection.Empty;
    }
}
