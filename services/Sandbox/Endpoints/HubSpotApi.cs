using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Endpoints;

/// <summary>api.hubapi.com: account details, CRM object lists and search.</summary>
internal static class HubSpotApi
{
    private const int SearchCap = 10_000;

    public static RouteGroupBuilder MapHubSpotApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/hubspot/api");
        group.MapGet("/account-info/{version}/details", AccountDetails);
        group.MapGet("/crm/v3/objects/{objectType}", List);
        group.MapPost("/crm/v3/objects/{objectType}/search", SearchAsync);
        return group;
    }

    private static (Account? Account, IResult? Error) Authorize(HttpContext context, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "data", Providers.HubSpot, Products.HubSpot);
        context.Response.Headers["X-HubSpot-RateLimit-Max"] = "100";
        context.Response.Headers["X-HubSpot-RateLimit-Remaining"] = "99";
        context.Response.Headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
        var (grant, failure) = store.CheckAccess(ClientRegistry.ReadBearer(context.Request), Providers.HubSpot);
        if (failure != AccessFailure.None || grant is null)
        {
            return (null, Error(401, "INVALID_AUTHENTICATION", failure == AccessFailure.Expired
                ? "The OAuth token used to make this call expired."
                : "Authentication credentials not found or invalid."));
        }

        tag.Bind(grant);
        return (store.GetAccount(Products.HubSpot, grant.AccountId), null);
    }

    private static IResult AccountDetails(HttpContext context, SandboxStore store)
    {
        var (account, error) = Authorize(context, store);
        if (account is null)
        {
            return error!;
        }

        return TypedResults.Json(new
        {
            portalId = long.Parse(account.Id, CultureInfo.InvariantCulture),
            accountType = "STANDARD",
            timeZone = "US/Eastern",
            companyCurrency = "USD",
            additionalCurrencies = Array.Empty<string>(),
            utcOffset = "-05:00",
            utcOffsetMilliseconds = -18_000_000,
            uiDomain = "app.hubspot.com",
            dataHostingLocation = "na1",
        });
    }

    private static IResult List(HttpContext context, string objectType, SandboxStore store, FaultBook faults)
    {
        var (account, error) = Authorize(context, store);
        if (account is null)
        {
            return error!;
        }

        if (!HubSpotData.IsStream(objectType))
        {
            return Error(404, "OBJECT_NOT_FOUND", $"Unknown object type {objectType}.");
        }

        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 10;
        var decision = faults.Enter(account, objectType, query["after"]);
        if (decision.Fault is { } fault)
        {
            return Fault(context, fault);
        }

        var archived = string.Equals(query["archived"], "true", StringComparison.OrdinalIgnoreCase);
        var after = long.TryParse(decision.Cursor, CultureInfo.InvariantCulture, out var a) ? a : long.MinValue;
        IReadOnlyList<CrmRecord> page;
        lock (store.Gate)
        {
            page = archived ? [] : HubSpotData.From(account, objectType, after, limit + 1);
        }

        var properties = Properties(query["properties"].ToString().Split(','), objectType);
        var body = new JsonObject
        {
            ["results"] = new JsonArray([.. page.Take(limit).Select(r => Json(r, properties))]),
        };
        if (page.Count > limit)
        {
            var next = page[^1].Id.ToString(CultureInfo.InvariantCulture);
            body["paging"] = new JsonObject
            {
                ["next"] = new JsonObject { ["after"] = next, ["link"] = $"?after={next}" },
            };
        }

        return TypedResults.Json(body);
    }

    private static async Task<IResult> SearchAsync(
        HttpContext context, string objectType, SandboxStore store, FaultBook faults)
    {
        var (account, error) = Authorize(context, store);
        if (account is null)
        {
            return error!;
        }

        JsonNode? request;
        try
        {
            request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return Error(400, "VALIDATION_ERROR", "Invalid input JSON.");
        }

        if (!HubSpotData.IsStream(objectType))
        {
            return Error(404, "OBJECT_NOT_FOUND", $"Unknown object type {objectType}.");
        }

        var limit = request?["limit"]?.GetValue<int>() ?? 10;
        if (limit > 200)
        {
            return Error(400, "VALIDATION_ERROR", "limit must be at most 200.");
        }

        var decision = faults.Enter(account, objectType, request?["after"]?.ToString());
        if (decision.Fault is { } fault)
        {
            return Fault(context, fault);
        }

        var offset = int.TryParse(decision.Cursor, CultureInfo.InvariantCulture, out var o) ? o : 0;
        if (offset >= SearchCap)
        {
            return Error(400, "VALIDATION_ERROR",
                $"Search results are capped at {SearchCap}; narrow the filters instead of paging further.");
        }

        return Search(account, objectType, request, limit, offset, store);
    }

    private static IResult Search(
        Account account, string objectType, JsonNode? request, int limit, int offset, SandboxStore store)
    {
        var matches = Records(account, objectType, store)
            .Where(r => HubSpotSearch.Matches(r, request?["filterGroups"]));
        var sorted = HubSpotSearch.Sort(matches, request?["sorts"]).ToList();
        var requested = request?["properties"]?.AsArray().Select(p => p!.GetValue<string>()).ToArray() ?? [];
        var properties = Properties(requested, objectType);
        var page = sorted.Skip(offset).Take(limit).Select(r => Json(r, properties));
        var body = new JsonObject { ["total"] = sorted.Count, ["results"] = new JsonArray([.. page]) };
        if (offset + limit < sorted.Count)
        {
            var next = (offset + limit).ToString(CultureInfo.InvariantCulture);
            body["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = next } };
        }

        return TypedResults.Json(body);
    }

    private static IReadOnlyList<CrmRecord> Records(Account account, string stream, SandboxStore store)
    {
        lock (store.Gate)
        {
            return HubSpotData.Records(account, stream);
        }
    }

    private static IReadOnlyList<string> Properties(string[] requested, string stream)
    {
        var names = requested.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        return names.Count > 0 ? names : HubSpotData.DefaultProperties(stream);
    }

    private static JsonObject Json(CrmRecord record, IReadOnlyList<string> properties)
    {
        var values = new JsonObject();
        foreach (var name in properties.Where(record.Properties.ContainsKey))
        {
            values[name] = record.Properties[name];
        }

        return new JsonObject
        {
            ["id"] = record.Id.ToString(CultureInfo.InvariantCulture),
            ["properties"] = values,
            ["createdAt"] = HubSpotData.Iso(record.CreatedAt),
            ["updatedAt"] = HubSpotData.Iso(record.UpdatedAt),
            ["archived"] = false,
        };
    }

    private static IResult Fault(HttpContext context, ArmedFault fault)
    {
        if (fault.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        return fault.Kind switch
        {
            FaultKinds.RateLimit or FaultKinds.QuotaExhausted =>
                RateLimited(context, fault.Kind == FaultKinds.QuotaExhausted),
            FaultKinds.ServerError => Error(500, "INTERNAL_ERROR", "internal error"),
            FaultKinds.RevokeGrant => Error(401, "INVALID_AUTHENTICATION", "The OAuth token has been revoked."),
            _ => Error(401, "INVALID_AUTHENTICATION", "The OAuth token used to make this call expired."),
        };
    }

    private static IResult RateLimited(HttpContext context, bool daily)
    {
        context.Response.Headers["X-HubSpot-RateLimit-Remaining"] = "0";
        var id = Guid.NewGuid().ToString();
        return TypedResults.Json(new
        {
            status = "error",
            message = daily ? "You have reached your daily limit." : "You have reached your secondly limit.",
            errorType = "RATE_LIMIT",
            correlationId = id,
            policyName = daily ? "DAILY" : "SECONDLY",
            requestId = id,
        }, statusCode: 429);
    }

    private static IResult Error(int status, string category, string message) => TypedResults.Json(new
    {
        status = "error",
        message,
        correlationId = Guid.NewGuid().ToString(),
        category,
    }, statusCode: status);
}
