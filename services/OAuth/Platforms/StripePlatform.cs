using System.Net;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.OAuth.Credentials;

namespace Connectors.OAuth.Platforms;

/// <summary>Stripe, connected with an API key: validated live against <c>/v1/account</c>.</summary>
public sealed class StripePlatform(PlatformContext context) : IApiKeyPlatform
{
    public string Type => ConnectorTypes.Stripe;

    public string DisplayName => "Stripe";

    public async Task<ConnectedAccount> ValidateKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        var options = context.Options(Type);
        var request = PlatformHttp.Bearer(HttpMethod.Get, $"{options.ApiBaseUrl.TrimEnd('/')}/v1/account", apiKey);
        if (!string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            request.Headers.Add("Stripe-Version", options.ApiVersion);
        }

        var account = await PlatformHttp.SendForJsonAsync(
            context.Client(Type),
            request,
            DisplayName,
            (status, body) => Refused(status, body, apiKey),
            cancellationToken);
        var id = account.String("id")
            ?? throw new PlatformException(PlatformFailure.Rejected, "Stripe answered without an account id.");
        var name = account.Property("business_profile")?.String("name")
            ?? account.Property("settings")?.Property("dashboard")?.String("display_name")
            ?? id;
        return new ConnectedAccount(name, id, new Dictionary<string, string>());
    }

    public Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken) =>
        Task.FromResult(RevocationResult.NotDone(
            "A Stripe API key cannot be revoked from here; roll or delete it in the Stripe dashboard."));

    private static PlatformException Refused(HttpStatusCode status, JsonElement? body, string apiKey)
    {
        var message = body?.Property("error")?.String("message") ?? $"HTTP {(int)status}";
        var withoutKey = message.Replace(apiKey, "***", StringComparison.Ordinal);
        return new PlatformException(PlatformFailure.Rejected, withoutKey);
    }
}
