using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Endpoints;

/// <summary>
/// api.stripe.com: the account, the list endpoints and the events list, authenticated with a secret or OAuth key.
/// </summary>
internal static class StripeApi
{
    public static RouteGroupBuilder MapStripeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/stripe/api/v1");
        group.MapGet("/account", GetAccount);
        group.MapGet("/events", ListEvents);
        group.MapGet("/{resource}", List);
        return group;
    }

    private static (Account? Account, IResult? Error) Authorize(HttpContext context, SandboxStore store)
    {
        var tag = RequestTag.Mark(context, "data", Providers.Stripe, Products.Stripe);
        context.Response.Headers["Request-Id"] = "req_" + SandboxStore.RandomToken(14);
        var key = ClientRegistry.ReadBasic(context.Request).Id ?? ClientRegistry.ReadBearer(context.Request);
        if (string.IsNullOrEmpty(key))
        {
            return (null, Error(401, "authentication_error", null,
                "You did not provide an API key. Provide it as the Basic auth username or as a Bearer token."));
        }

        if (store.RevokedStripeKeyAccount(key) is { } revokedFrom)
        {
            tag.AccountId = revokedFrom;
            return (null, Error(
                401, "authentication_error", "api_key_expired", "The API key provided has expired or was revoked."));
        }

        var accountId = AccountFor(key, store);
        if (accountId is null)
        {
            return (null, Error(
                401, "authentication_error", "api_key_invalid", $"Invalid API Key provided: {Mask(key)}"));
        }

        var connected = context.Request.Headers["Stripe-Account"].ToString();
        tag.AccountId = connected.Length > 0 ? connected : accountId;
        return (store.GetAccount(Products.Stripe, tag.AccountId), null);
    }

    private static string? AccountFor(string key, SandboxStore store)
    {
        if (store.StripeAccountForKey(key) is { } accountId)
        {
            return accountId;
        }

        var (grant, failure) = store.CheckAccess(key, Providers.Stripe);
        return failure == AccessFailure.None ? grant!.AccountId : null;
    }

    private static IResult GetAccount(HttpContext context, SandboxStore store, StripeFixtures fixtures)
    {
        var (account, error) = Authorize(context, store);
        if (account is null)
        {
            return error!;
        }

        var body = fixtures.Clone("account");
        body["id"] = account.Id;
        body["business_profile"]!["name"] = account.Name;
        body["settings"]!["dashboard"]!["display_name"] = account.Name;
        body["email"] = $"owner@{account.Id.ToLowerInvariant()}.example.com";
        body["charges_enabled"] = true;
        body["payouts_enabled"] = true;
        body["details_submitted"] = true;
        body["created"] = account.Anchor.AddDays(-400).ToUnixTimeSeconds();
        return TypedResults.Json(body);
    }

    private static IResult List(
        HttpContext context, string resource, SandboxStore store, FaultBook faults, StripeData data)
    {
        var (account, error) = Authorize(context, store);
        if (account is null)
        {
            return error!;
        }

        if (!StripeData.IsStream(resource))
        {
            return Error(404, "invalid_request_error", null, $"Unrecognized request URL (GET: /v1/{resource}).");
        }

        var query = context.Request.Query;
        if (ValidateList(query) is { } invalid)
        {
            return invalid;
        }

        var cursor = query["starting_after"].ToString() is { Length: > 0 } s ? "a:" + s
            : query["ending_before"].ToString() is { Length: > 0 } e ? "b:" + e : null;
        var decision = faults.Enter(account, resource, cursor);
        if (decision.Fault is { } fault)
        {
            return Fault(context, fault);
        }

        var (min, max) = CreatedBounds(query);
        var limit = Limit(query);
        List<JsonNode> page;
        bool hasMore;
        lock (store.Gate)
        {
            var listing = StripeData.Listing(account, resource);
            var (start, end) = listing.CreatedWithin(min, max);
            var window = Window(end - start, decision.Cursor, id =>
            {
                var at = StripeData.IndexOf(account, resource, id) is { } index ? listing.PositionOf(index) : -1;
                return at >= start && at < end ? at - start : -1;
            }, limit);
            hasMore = window.HasMore;
            page = [];
            for (var at = start + window.Start; at < start + window.End; at++)
            {
                page.Add(data.Object(account, resource, listing.IndexAt(at)).Body);
            }
        }

        return ListBody(resource, page, hasMore);
    }

    /// <summary>
    /// <c>GET /v1/events</c>: the last 30 days of events, newest first, filtered by <c>type</c> (with <c>*</c>
    /// wildcards) or by up to 20 exact <c>types</c>, and by <c>created</c>.
    /// </summary>
    private static IResult ListEvents(
        HttpContext context, SandboxStore store, FaultBook faults, StripeEvents events)
    {
        var (account, error) = Authorize(context, store);
        if (account is null)
        {
            return error!;
        }

        var query = context.Request.Query;
        var types = EventTypes(query);
        if ((ValidateList(query) ?? ValidateTypes(query, types)) is { } invalid)
        {
            return invalid;
        }

        var cursor = query["starting_after"].ToString() is { Length: > 0 } s ? "a:" + s
            : query["ending_before"].ToString() is { Length: > 0 } e ? "b:" + e : null;
        var decision = faults.Enter(account, "events", cursor);
        if (decision.Fault is { } fault)
        {
            return Fault(context, fault);
        }

        var type = query["type"].ToString();
        var pattern = type.Length == 0 ? null : WildcardPattern(type);
        var limit = Limit(query);
        List<JsonNode> page;
        bool hasMore;
        lock (store.Gate)
        {
            var matching = StripeEvents.Retrievable(account, store.Now)
                .Where(e => InCreatedRange(e.Created, query))
                .Where(e => types.Count == 0 || types.Contains(e.Type))
                .Where(e => pattern is null || pattern.IsMatch(e.Type))
                .ToList();
            var window = Window(matching.Count, decision.Cursor, id => matching.FindIndex(e => e.Id == id), limit);
            hasMore = window.HasMore;
            page = [.. matching[window.Start..window.End].Select(e => (JsonNode)events.Render(e))];
        }

        return ListBody("events", page, hasMore);
    }

    /// <summary>
    /// <c>types[]=a&amp;types[]=b</c> or <c>types[0]=a&amp;types[1]=b</c>, as Stripe's libraries send it.
    /// </summary>
    private static List<string> EventTypes(IQueryCollection query) =>
        query
            .Where(p => p.Key == "types[]" || (p.Key.StartsWith("types[", StringComparison.Ordinal)
                && p.Key.EndsWith(']') && int.TryParse(p.Key[6..^1], CultureInfo.InvariantCulture, out _)))
            .SelectMany(p => p.Value)
            .Where(v => !string.IsNullOrEmpty(v))
            .Select(v => v!)
            .ToList();

    private static IResult? ValidateTypes(IQueryCollection query, List<string> types)
    {
        if (types.Count > 0 && query.ContainsKey("type"))
        {
            return Error(400, "invalid_request_error", "parameter_invalid_empty",
                "You may only specify one of these parameters: type, types.", "types");
        }

        return types.Count > 20
            ? Error(400, "invalid_request_error", "parameter_invalid_array",
                "Invalid array: types must contain at most 20 elements.", "types")
            : null;
    }

    private static Regex WildcardPattern(string type) => new(
        "^" + Regex.Escape(type).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static IResult? ValidateList(IQueryCollection query)
    {
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var limit)
            || limit < 1 || limit > 100))
        {
            return Error(400, "invalid_request_error", "parameter_invalid_integer",
                "Invalid limit: must be an integer between 1 and 100.", "limit");
        }

        return query.ContainsKey("starting_after") && query.ContainsKey("ending_before")
            ? Error(400, "invalid_request_error", "parameter_invalid_empty",
                "You may only specify one of these parameters: ending_before, starting_after.", "ending_before")
            : null;
    }

    private static int Limit(IQueryCollection query) =>
        int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var limit) ? limit : 10;

    /// <summary>
    /// The part [Start, End) of a list of <paramref name="count"/> items that a page serves, as Stripe pages: the
    /// first items, the items after the <c>starting_after</c> one, or the last items before the
    /// <c>ending_before</c> one; a cursor that is not in the list gives an empty page.
    /// </summary>
    private static (int Start, int End, bool HasMore) Window(
        int count, string? cursor, Func<string, int> positionOf, int limit)
    {
        if (cursor is null)
        {
            return (0, Math.Min(limit, count), count > limit);
        }

        var position = positionOf(cursor[2..]);
        if (position < 0)
        {
            return (0, 0, false);
        }

        if (cursor.StartsWith("b:", StringComparison.Ordinal))
        {
            return (Math.Max(0, position - limit), position, position > limit);
        }

        var start = position + 1;
        return (start, Math.Min(count, start + limit), count - start > limit);
    }

    private static IResult ListBody(string resource, List<JsonNode> page, bool hasMore) =>
        TypedResults.Json(new JsonObject
        {
            ["object"] = "list",
            ["url"] = $"/v1/{resource}",
            ["has_more"] = hasMore,
            ["data"] = new JsonArray([.. page]),
        });

    /// <summary>The inclusive range of <c>created</c> times the <c>created</c> filters leave.</summary>
    private static (long Min, long Max) CreatedBounds(IQueryCollection query)
    {
        static long? Read(IQueryCollection q, string key) =>
            long.TryParse(q[key], CultureInfo.InvariantCulture, out var v) ? v : null;

        long min = long.MinValue, max = long.MaxValue;
        if (Read(query, "created") is { } exact)
        {
            (min, max) = (exact, exact);
        }

        if (Read(query, "created[gte]") is { } gte)
        {
            min = Math.Max(min, gte);
        }

        if (Read(query, "created[lte]") is { } lte)
        {
            max = Math.Min(max, lte);
        }

        if (Read(query, "created[gt]") is { } gt)
        {
            if (gt == long.MaxValue)
            {
                return (long.MaxValue, long.MinValue);
            }

            min = Math.Max(min, gt + 1);
        }

        if (Read(query, "created[lt]") is { } lt)
        {
            if (lt == long.MinValue)
            {
                return (long.MaxValue, long.MinValue);
            }

            max = Math.Min(max, lt - 1);
        }

        return (min, max);
    }

    private static bool InCreatedRange(long created, IQueryCollection query)
    {
        static long? Read(IQueryCollection q, string key) =>
            long.TryParse(q[key], CultureInfo.InvariantCulture, out var v) ? v : null;

        return (Read(query, "created") is not { } exact || created == exact)
            && (Read(query, "created[gt]") is not { } gt || created > gt)
            && (Read(query, "created[gte]") is not { } gte || created >= gte)
            && (Read(query, "created[lt]") is not { } lt || created < lt)
            && (Read(query, "created[lte]") is not { } lte || created <= lte);
    }

    private static IResult Fault(HttpContext context, ArmedFault fault)
    {
        if (fault.RetryAfterSeconds is { } retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.Headers["Stripe-Should-Retry"] = fault.Kind is FaultKinds.RateLimit or FaultKinds.ServerError
            ? "true"
            : "false";
        return fault.Kind switch
        {
            FaultKinds.RateLimit or FaultKinds.QuotaExhausted => Error(429, "invalid_request_error", "rate_limit",
                "Too many requests hit the API too quickly. Slow down and retry with exponential backoff."),
            FaultKinds.ServerError => Error(500, "api_error", null, "Something went wrong on the sandbox's end."),
            _ => Error(
                401, "authentication_error", "api_key_expired", "The API key provided has expired or was revoked."),
        };
    }

    private static string Mask(string key) =>
        key.Length <= 12 ? "****" : key[..8] + new string('*', 12) + key[^4..];

    private static IResult Error(int status, string type, string? code, string message, string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
            error["doc_url"] = $"https://docs.stripe.com/error-codes/{code.Replace('_', '-')}";
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        return TypedResults.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }
}
