using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.Endpoints;

/// <summary>googleads.googleapis.com: listAccessibleCustomers, googleAds:search and googleAds:searchStream.</summary>
internal static class GoogleAdsApi
{
    private const int DefaultPageSize = 10_000;

    public static RouteGroupBuilder MapGoogleAdsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/google/ads/{version:regex(^v\\d+$)}");
        group.MapGet("/customers:listAccessibleCustomers", ListAccessibleCustomers);
        group.MapPost("/customers/{customerId}/googleAds:search", (HttpContext c, string version, string customerId,
            [AsParameters] Services s) => SearchAsync(c, version, customerId, s, stream: false));
        group.MapPost("/customers/{customerId}/googleAds:searchStream", (HttpContext c, string version,
            string customerId, [AsParameters] Services s) => SearchAsync(c, version, customerId, s, stream: true));
        return group;
    }

    internal sealed record Services(SandboxStore Store, FaultBook Faults, IOptions<SandboxOptions> Options);

    private static IResult ListAccessibleCustomers(HttpContext context, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "data", Providers.Google, Products.GoogleAds);
        var (grant, failure) = store.CheckAccess(ClientRegistry.ReadBearer(context.Request), Providers.Google);
        if (failure != AccessFailure.None || grant is null)
        {
            return GoogleErrors.Unauthenticated(failure);
        }

        tag.Bind(grant);
        var names = grant.Product == Products.GoogleAds ? new[] { $"customers/{grant.AccountId}" } : [];
        return TypedResults.Json(new { resourceNames = names });
    }

    private static async Task<IResult> SearchAsync(
        HttpContext context, string version, string customerId, Services services, bool stream)
    {
        var requestId = SandboxStore.RandomToken(22);
        context.Response.Headers["request-id"] = requestId;
        var tag = RequestTag.Mark(context, "data", Providers.Google, Products.GoogleAds);
        tag.AccountId = customerId;
        if (Authorize(context, version, customerId, services, requestId) is { } denied)
        {
            return denied;
        }

        var body = await ReadBodyAsync(context);
        var account = services.Store.GetAccount(Products.GoogleAds, customerId);
        GaqlQuery query;
        try
        {
            query = Gaql.Parse(
                body?["query"]?.GetValue<string>(), DateOnly.FromDateTime(services.Store.Now.UtcDateTime));
        }
        catch (GaqlException ex)
        {
            return GoogleErrors.Ads(
                version, 400, "INVALID_ARGUMENT", ex.Message, ex.ErrorKey, ex.ErrorValue, requestId);
        }

        var pageToken = stream ? null : body?["pageToken"]?.GetValue<string>();
        var decision = services.Faults.Enter(account, GoogleAdsQuery.StreamOf(query), pageToken);
        if (decision.Fault is { } fault)
        {
            return GoogleErrors.AdsFault(fault, version, requestId, services.Store.Now);
        }

        IReadOnlyList<AdsRow> rows;
        lock (services.Store.Gate)
        {
            rows = GoogleAdsQuery.Run(account, query, services.Store.Now);
        }

        var pageSize = account.PageSize ?? DefaultPageSize;
        return stream
            ? Stream(rows, query, pageSize, requestId)
            : Page(rows, query, body, decision.Cursor, pageSize, version, requestId);
    }

    private static IResult? Authorize(
        HttpContext context, string version, string customerId, Services services, string requestId)
    {
        var (grant, failure) = services.Store.CheckAccess(ClientRegistry.ReadBearer(context.Request), Providers.Google);
        if (failure != AccessFailure.None || grant is null)
        {
            return GoogleErrors.Unauthenticated(failure);
        }

        RequestTag.Of(context).Bind(grant);
        if (services.Options.Value.RequireDeveloperToken
            && string.IsNullOrEmpty(context.Request.Headers["developer-token"]))
        {
            return GoogleErrors.Ads(version, 401, "UNAUTHENTICATED", "The developer-token header is missing.",
                "authenticationError", "DEVELOPER_TOKEN_PARAMETER_MISSING", requestId);
        }

        if (!grant.Scopes.Any(s => s.Contains("adwords", StringComparison.Ordinal)))
        {
            return GoogleErrors.Plain(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
        }

        return grant.Product == Products.GoogleAds
            && grant.AccountId == customerId.Replace("-", "", StringComparison.Ordinal)
            ? null
            : GoogleErrors.Ads(
                version,
                403,
                "PERMISSION_DENIED",
                "The caller does not have permission on this customer.",
                "authorizationError",
                "USER_PERMISSION_DENIED",
                requestId);
    }

    private static IResult Page(
        IReadOnlyList<AdsRow> rows, GaqlQuery query, JsonNode? body, string? pageToken, int pageSize,
        string version, string requestId)
    {
        var fingerprint = Fingerprint(query);
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken) && !TryReadToken(pageToken, fingerprint, out offset))
        {
            return GoogleErrors.Ads(version, 400, "INVALID_ARGUMENT", "The page token is invalid.",
                "requestError", "INVALID_PAGE_TOKEN", requestId);
        }

        var result = new JsonObject();
        var page = rows.Skip(offset)
            .Take(pageSize)
            .Select(r => (JsonNode)GaqlFields.ToJson(r, query.Fields, query.Resource));
        var results = new JsonArray([.. page]);
        if (results.Count > 0)
        {
            result["results"] = results;
        }

        if (offset + pageSize < rows.Count)
        {
            result["nextPageToken"] = WriteToken(offset + pageSize, fingerprint);
        }

        if (body?["returnTotalResultsCount"]?.GetValue<bool>() == true)
        {
            result["totalResultsCount"] = rows.Count.ToString(CultureInfo.InvariantCulture);
        }

        result["fieldMask"] = FieldMask(query);
        result["requestId"] = requestId;
        return TypedResults.Json(result);
    }

    private static IResult Stream(IReadOnlyList<AdsRow> rows, GaqlQuery query, int batchSize, string requestId)
    {
        var batches = new JsonArray();
        for (var offset = 0; offset < rows.Count || offset == 0; offset += batchSize)
        {
            var batch = new JsonObject();
            var results = rows.Skip(offset).Take(batchSize)
                .Select(r => (JsonNode)GaqlFields.ToJson(r, query.Fields, query.Resource)).ToArray();
            if (results.Length > 0)
            {
                batch["results"] = new JsonArray(results);
            }

            batch["fieldMask"] = FieldMask(query);
            batch["requestId"] = requestId;
            batches.Add(batch);
        }

        return TypedResults.Json(batches);
    }

    private static string FieldMask(GaqlQuery query) => string.Join(',', query.Fields.Select(GaqlFields.CamelPath));

    private static string Fingerprint(GaqlQuery query) =>
        (Deterministic.Hash(string.Join('|', query.Fields) + query.Resource + query.From + query.To
            + string.Join('|', query.Filters) + string.Join('|', query.OrderBy) + query.Limit) % 1_000_000_007)
        .ToString(CultureInfo.InvariantCulture);

    private static string WriteToken(int offset, string fingerprint) =>
        SandboxStore.Base64Url(Encoding.UTF8.GetBytes($"{offset}:{fingerprint}"));

    private static bool TryReadToken(string token, string fingerprint, out int offset)
    {
        offset = 0;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 2 && parts[1] == fingerprint
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
