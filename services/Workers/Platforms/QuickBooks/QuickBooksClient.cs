using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Http;
using Connectors.Workers.Tokens;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.QuickBooks;

/// <summary>A query answer: <c>{"QueryResponse":{"Invoice":[…],"startPosition","maxResults"},"time"}</c>.</summary>
public sealed record QuickBooksQueryAnswer(JsonElement? QueryResponse)
{
    public IReadOnlyList<JsonElement> Entities(string entity) =>
        QueryResponse is { } response ? QuickBooksClient.Entities(response, entity) : [];
}

/// <summary>A change data capture answer: <c>{"CDCResponse":[{"QueryResponse":[{"Invoice":[…]},…]}]}</c>.</summary>
public sealed record QuickBooksChanges(
    [property: JsonPropertyName("CDCResponse")] IReadOnlyList<JsonElement>? Responses)
{
    public IReadOnlyList<JsonElement> Entities(string entity) =>
    [
        .. (Responses ?? [])
            .Select(response => JsonRead.Path(response, "QueryResponse"))
            .Where(answers => answers is { ValueKind: JsonValueKind.Array })
            .SelectMany(answers => answers!.Value.EnumerateArray())
            .SelectMany(answer => QuickBooksClient.Entities(answer, entity)),
    ];
}

/// <summary>
/// The QuickBooks Online Accounting API under <c>{ApiBaseUrl}/v3/company/{realmId}</c>: the query endpoint and
/// change data capture, pinned to <c>minorversion={ApiVersion}</c>.
/// </summary>
public sealed class QuickBooksClient(
    HttpClient http,
    IOptionsMonitor<PlatformOptions> platforms,
    IOptions<WorkersOptions> workers,
    PlatformCaller caller)
{
    private readonly PlatformOptions _options = platforms.Get(ConnectorTypes.QuickBooks);
    private readonly QuickBooksErrors _errors = new(workers.Value.QuickBooksThrottleDelay);

    /// <summary>
    /// One page of <paramref name="entity"/> objects updated at or after <paramref name="from"/>, oldest first,
    /// from the 1-based <paramref name="startPosition"/>.
    /// </summary>
    public Task<QuickBooksQueryAnswer> QueryUpdatedAsync(
        AccessSession session,
        string realmId,
        string entity,
        DateTimeOffset from,
        int startPosition,
        int maxResults,
        CancellationToken cancellationToken)
    {
        var statement = string.Create(CultureInfo.InvariantCulture,
            $"SELECT * FROM {entity} WHERE MetaData.LastUpdatedTime >= '{Timestamp(from)}' "
            + $"ORDERBY MetaData.LastUpdatedTime STARTPOSITION {startPosition} MAXRESULTS {maxResults}");
        return GetAsync<QuickBooksQueryAnswer>(session, realmId, $"query?query={Uri.EscapeDataString(statement)}",
            $"a {entity} query page", cancellationToken);
    }

    /// <summary>
    /// Every <paramref name="entity"/> object changed or deleted since <paramref name="changedSince"/> (at most 30
    /// days back, at most 1,000 objects).
    /// </summary>
    public Task<QuickBooksChanges> ChangesAsync(
        AccessSession session,
        string realmId,
        string entity,
        DateTimeOffset changedSince,
        CancellationToken cancellationToken) =>
        GetAsync<QuickBooksChanges>(session, realmId,
            $"cdc?entities={entity}&changedSince={Uri.EscapeDataString(Timestamp(changedSince))}",
            $"the {entity} changes", cancellationToken);

    /// <summary>The objects of one entity in a query answer (absent when there are none).</summary>
    public static IReadOnlyList<JsonElement> Entities(JsonElement answer, string entity) =>
        JsonRead.Path(answer, entity) is { ValueKind: JsonValueKind.Array } objects
            ? [.. objects.EnumerateArray()]
            : [];

    private Task<T> GetAsync<T>(
        AccessSession session,
        string realmId,
        string resource,
        string what,
        CancellationToken cancellationToken)
    {
        var path = $"v3/company/{Uri.EscapeDataString(realmId)}/{resource}"
            + $"&minorversion={Uri.EscapeDataString(_options.ApiVersion)}";
        return caller.SendAsync<T>(
            new PlatformCall(http, session, _errors, what, token =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            }),
            cancellationToken);
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
