using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Workers.Http;
using Connectors.Workers.Tokens;

namespace Connectors.Workers.Platforms.HubSpot;

/// <summary>A page of CRM objects; <c>paging.next.after</c> is absent on the last page.</summary>
public sealed record HubSpotPage(IReadOnlyList<JsonElement>? Results, HubSpotPaging? Paging, long? Total)
{
    public string? NextAfter => Paging?.Next?.After is { Length: > 0 } after ? after : null;
}

public sealed record HubSpotPaging(HubSpotNext? Next);

public sealed record HubSpotNext(string? After);

/// <summary>HubSpot CRM v3: the object list (first sync) and search (incremental) endpoints.</summary>
public sealed class HubSpotClient(HttpClient http, PlatformCaller caller)
{
    public Task<HubSpotPage> ListAsync(
        AccessSession session,
        string objectType,
        IReadOnlyList<string> properties,
        int limit,
        string? after,
        CancellationToken cancellationToken)
    {
        var query = $"limit={limit}&archived=false&properties={Uri.EscapeDataString(string.Join(',', properties))}"
            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        var path = $"crm/v3/objects/{objectType}?{query}";
        return caller.SendAsync<HubSpotPage>(
            new PlatformCall(http, session, HubSpotErrors.Instance, $"a {objectType} list page",
                token => Authorized(new HttpRequestMessage(HttpMethod.Get, path), token)),
            cancellationToken);
    }

    /// <summary>Objects modified at or after <paramref name="modifiedFrom"/>, oldest modification first.</summary>
    public Task<HubSpotPage> SearchModifiedAsync(
        AccessSession session,
        string objectType,
        string modifiedProperty,
        DateTimeOffset modifiedFrom,
        IReadOnlyList<string> properties,
        int limit,
        string? after,
        CancellationToken cancellationToken)
    {
        var body = new
        {
            filterGroups = new[]
            {
                new
                {
                    filters = new[]
                    {
                        new
                        {
                            propertyName = modifiedProperty,
                            @operator = "GTE",
                            value = modifiedFrom.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                        },
                    },
                },
            },
            sorts = new[] { new { propertyName = modifiedProperty, direction = "ASCENDING" } },
            properties,
            limit,
            after = after ?? "0",
        };
        return caller.SendAsync<HubSpotPage>(
            new PlatformCall(http, session, HubSpotErrors.Instance, $"a {objectType} search page", token =>
                Authorized(new HttpRequestMessage(HttpMethod.Post, $"crm/v3/objects/{objectType}/search")
                {
                    Content = JsonContent.Create(body),
                }, token)),
            cancellationToken);
    }

    private static HttpRequestMessage Authorized(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
