using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Http;
using Connectors.Workers.Tokens;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.Stripe;

/// <summary>A Stripe list page, newest first.</summary>
public sealed record StripeList(
    IReadOnlyList<JsonElement>? Data,
    [property: JsonPropertyName("has_more")] bool HasMore);

/// <summary>Stripe list endpoints: <c>GET {ApiBaseUrl}/v1/{resource}</c> with the API key as bearer token.</summary>
public sealed class StripeClient(HttpClient http, IOptionsMonitor<PlatformOptions> platforms, PlatformCaller caller)
{
    private readonly PlatformOptions _options = platforms.Get(ConnectorTypes.Stripe);

    /// <summary>
    /// One page of <paramref name="resource"/>, created at or after <paramref name="createdFrom"/> when given,
    /// continuing after the object id <paramref name="startingAfter"/>.
    /// </summary>
    public Task<StripeList> ListAsync(
        AccessSession session,
        string resource,
        string extraQuery,
        DateTimeOffset? createdFrom,
        int limit,
        string? startingAfter,
        CancellationToken cancellationToken)
    {
        var query = $"limit={limit}{extraQuery}"
            + (createdFrom is { } from
                ? "&created%5Bgte%5D=" + from.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
                : "")
            + (startingAfter is null ? "" : $"&starting_after={Uri.EscapeDataString(startingAfter)}");
        return caller.SendAsync<StripeList>(
            new PlatformCall(http, session, StripeErrors.Instance, $"a {resource} page", key =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"v1/{resource}?{query}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                if (!string.IsNullOrWhiteSpace(_options.ApiVersion))
                {
                    request.Headers.Add("Stripe-Version", _options.ApiVersion);
                }

                return request;
            }),
            cancellationToken);
    }
}
