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

/// <summary>
/// Stripe list endpoints, <c>GET {ApiBaseUrl}/v1/{resource}</c> and <c>GET {ApiBaseUrl}/v1/events</c>, with the API
/// key as bearer token.
/// </summary>
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
        var query = $"limit={limit}{extraQuery}{CreatedFrom(createdFrom)}{StartingAfter(startingAfter)}";
        return GetAsync(session, resource, query, $"a {resource} page", cancellationToken);
    }

    /// <summary>
    /// One page of the events of the given <paramref name="types"/> (at most 20, exact names) created at or after
    /// <paramref name="createdFrom"/>, newest first, continuing after the event id <paramref name="startingAfter"/>.
    /// </summary>
    public Task<StripeList> ListEventsAsync(
        AccessSession session,
        IReadOnlyList<string> types,
        DateTimeOffset createdFrom,
        int limit,
        string? startingAfter,
        CancellationToken cancellationToken)
    {
        // Indexed array keys, as Stripe's own libraries encode arrays.
        var typeQuery = string.Concat(types.Select((type, index) =>
            $"&types%5B{index.ToString(CultureInfo.InvariantCulture)}%5D={Uri.EscapeDataString(type)}"));
        var query = $"limit={limit}{typeQuery}{CreatedFrom(createdFrom)}{StartingAfter(startingAfter)}";
        return GetAsync(session, "events", query, "an events page", cancellationToken);
    }

    private static string CreatedFrom(DateTimeOffset? from) => from is { } value
        ? "&created%5Bgte%5D=" + value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
        : "";

    private static string StartingAfter(string? id) =>
        id is null ? "" : $"&starting_after={Uri.EscapeDataString(id)}";

    private Task<StripeList> GetAsync(
        AccessSession session, string resource, string query, string what, CancellationToken cancellationToken) =>
        caller.SendAsync<StripeList>(
            new PlatformCall(http, session, StripeErrors.Instance, what, key =>
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
