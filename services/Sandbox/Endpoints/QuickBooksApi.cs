using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.Endpoints;

/// <summary>quickbooks.api.intuit.com/v3: companyinfo, query and cdc, with minorversion checks, per-realm
/// throttling, <c>intuit_tid</c> headers and Fault bodies.</summary>
internal static class QuickBooksApi
{
    public const int MinMinorVersion = 75;
    private const int CdcLookBackDays = 30;
    private const int CdcMaxObjects = 1000;
    private const string CdcStream = "cdc";

    private static readonly object StartKey = new();

    public static RouteGroupBuilder MapQuickBooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/intuit/quickbooks/v3/company/{realmId}");
        group.MapGet("/companyinfo/{id}", CompanyInfo);
        group.MapGet("/query", Query);
        group.MapGet("/cdc", ChangeDataCapture);
        return group;
    }

    internal sealed record Services(SandboxStore Store, FaultBook Faults, IOptions<SandboxOptions> Options);

    private static IResult CompanyInfo(HttpContext context, string realmId, string id, [AsParameters] Services services)
    {
        var (account, error) = Enter(context, realmId, services, DataAccess.AccountStream, null);
        if (account is null)
        {
            return error!;
        }

        if (id != realmId)
        {
            return Fault(403, "AuthorizationFault", "003100", "ApplicationAuthorizationFailed", services.Store.Now);
        }

        return TypedResults.Json(new
        {
            CompanyInfo = new
            {
                Id = "1",
                CompanyName = account.Name,
                LegalName = account.Name,
                Country = "US",
                SyncToken = "0",
                MetaData = new
                {
                    CreateTime = account.Anchor.AddDays(-700)
                        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                },
            },
            time = QuickBooksData.Now(services.Store.Now),
        });
    }

    private static IResult Query(HttpContext context, string realmId, [AsParameters] Services services)
    {
        QbQuery query;
        try
        {
            query = QuickBooksQuery.Parse(context.Request.Query["query"]);
        }
        catch (QbQueryException ex)
        {
            return Enter(context, realmId, services, null, null).Error
                ?? Fault(400, "ValidationFault", "4000", ex.Message, services.Store.Now);
        }

        var stream = QuickBooksData.StreamOf(query.Entity)!;
        var start = query.StartPosition.ToString(CultureInfo.InvariantCulture);
        var (account, error) = Enter(context, realmId, services, stream, start);
        if (account is null)
        {
            return error!;
        }

        var served = int.Parse((string)context.Items[StartKey]!, CultureInfo.InvariantCulture);
        IReadOnlyList<QbRecord> matches;
        try
        {
            lock (services.Store.Gate)
            {
                matches = QuickBooksQuery.Filter(QuickBooksData.Records(account, stream), query);
            }
        }
        catch (QbQueryException ex)
        {
            return Fault(400, "ValidationFault", "4000", ex.Message, services.Store.Now);
        }

        return TypedResults.Json(new JsonObject
        {
            ["QueryResponse"] = Response(query, matches, served),
            ["time"] = QuickBooksData.Now(services.Store.Now),
        });
    }

    private static JsonObject Response(QbQuery query, IReadOnlyList<QbRecord> matches, int start)
    {
        if (query.Count)
        {
            return new JsonObject { ["totalCount"] = matches.Count };
        }

        var page = matches.Skip(start - 1).Take(query.MaxResults).ToList();
        return page.Count == 0
            ? []
            : new JsonObject
            {
                [query.Entity] = new JsonArray([.. page.Select(r => (JsonNode)QuickBooksQuery.Project(r, query))]),
                ["startPosition"] = start,
                ["maxResults"] = page.Count,
            };
    }

    private static IResult ChangeDataCapture(HttpContext context, string realmId, [AsParameters] Services services)
    {
        var (account, error) = Enter(context, realmId, services, CdcStream, null);
        if (account is null)
        {
            return error!;
        }

        var now = services.Store.Now;
        var entities = context.Request.Query["entities"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entities.Length == 0 || entities.Any(e => QuickBooksData.StreamOf(e) is null or "accounts"))
        {
            return Fault(400, "ValidationFault", "4000",
                "entities must list Invoice, Customer or Payment (comma separated).", now);
        }

        DateTimeOffset since;
        try
        {
            since = QuickBooksQuery.ParseTime(context.Request.Query["changedSince"].ToString());
        }
        catch (QbQueryException)
        {
            return Fault(400, "ValidationFault", "4000", "changedSince must be an ISO 8601 date-time.", now);
        }

        return since < now.AddDays(-CdcLookBackDays)
            ? Fault(400, "ValidationFault", "4000",
                $"changedSince may be at most {CdcLookBackDays} days in the past.", now)
            : TypedResults.Json(new JsonObject
            {
                ["CDCResponse"] = new JsonArray(new JsonObject
                {
                    ["QueryResponse"] = Changes(account, entities, since, services.Store),
                }),
                ["time"] = QuickBooksData.Now(now),
            });
    }

    private static JsonArray Changes(Account account, string[] entities, DateTimeOffset since, SandboxStore store)
    {
        var responses = new JsonArray();
        var budget = CdcMaxObjects;
        foreach (var entity in entities)
        {
            var stream = QuickBooksData.StreamOf(entity)!;
            var canonical = QuickBooksData.EntityOf(stream);
            List<(DateTimeOffset At, JsonNode Body)> changed;
            lock (store.Gate)
            {
                changed = QuickBooksData.Records(account, stream)
                    .Where(r => r.Updated >= since)
                    .Select(r => (r.Updated, (JsonNode)r.Body.DeepClone()))
                    .Concat(QuickBooksData.Deleted(account, stream)
                        .Where(d => d.DeletedAt >= since)
                        .Select(d => (d.DeletedAt, Stub(d))))
                    .OrderBy(c => c.Item1)
                    .Take(budget)
                    .ToList();
            }

            budget -= changed.Count;
            if (changed.Count > 0)
            {
                responses.Add(new JsonObject
                {
                    [canonical] = new JsonArray([.. changed.Select(c => c.Body)]),
                    ["startPosition"] = 1,
                    ["maxResults"] = changed.Count,
                    ["totalCount"] = changed.Count,
                });
            }
        }

        return responses;
    }

    private static JsonNode Stub(QbDeleted deleted) => new JsonObject
    {
        ["domain"] = "QBO",
        ["status"] = "Deleted",
        ["Id"] = deleted.Id,
        ["MetaData"] = new JsonObject { ["LastUpdatedTime"] = QuickBooksData.Time(deleted.DeletedAt) },
    };

    /// <summary>Stamps intuit_tid, checks the token, realm, rate and minorversion, then fires faults.</summary>
    private static (Account? Account, IResult? Error) Enter(
        HttpContext context, string realmId, Services services, string? stream, string? cursor)
    {
        context.Response.Headers["intuit_tid"] =
            "1-" + SandboxStore.RandomToken(8) + "-" + SandboxStore.RandomToken(24);
        var now = services.Store.Now;
        var grant = DataAccess.Check(context, services.Store, Providers.QuickBooks, Products.QuickBooks, out _);
        if (grant is null)
        {
            return (null, Fault(401, "AuthenticationFault", "3200",
                "message=AuthenticationFailed; errorCode=003200; statusCode=401", now));
        }

        if (grant.AccountId != realmId)
        {
            return (null, Fault(403, "AuthorizationFault", "003100", "ApplicationAuthorizationFailed", now));
        }

        var account = services.Store.GetAccount(Products.QuickBooks, realmId);
        if (Throttled(account, services))
        {
            return (null, Throttle(now));
        }

        if (MinorVersionError(context.Request, now) is { } versionError)
        {
            return (null, versionError);
        }

        if (stream is null)
        {
            return (account, null);
        }

        var decision = services.Faults.Enter(account, stream, cursor);
        context.Items[StartKey] = decision.Cursor ?? cursor;
        return decision.Fault is { } fault ? (null, FaultFor(fault, now)) : (account, null);
    }

    private static bool Throttled(Account account, Services services)
    {
        var perMinute = account.Limit("requestsPerMinute", services.Options.Value.QuickBooksRequestsPerMinute);
        var perSecond = account.Limit("requestsPerSecond", services.Options.Value.QuickBooksRequestsPerSecond);
        var minute = services.Store.RecordCall(account, TimeSpan.FromMinutes(1));
        var second = services.Store.CallsWithin(account, TimeSpan.FromSeconds(1));
        return (perMinute > 0 && minute > perMinute) || (perSecond > 0 && second > perSecond);
    }

    private static IResult? MinorVersionError(HttpRequest request, DateTimeOffset now)
    {
        var text = request.Query["minorversion"].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, CultureInfo.InvariantCulture, out var minor) && minor >= MinMinorVersion
            ? null
            : Fault(400, "ValidationFault", "4001",
                $"Invalid minorversion {text}: minor versions below {MinMinorVersion} are no longer supported.", now);
    }

    private static IResult FaultFor(ArmedFault fault, DateTimeOffset now) => fault.Kind switch
    {
        FaultKinds.RateLimit or FaultKinds.QuotaExhausted => Throttle(now),
        FaultKinds.ServerError => Fault(500, "SystemFault", "10000",
            "An application error has occurred while processing your request", now),
        _ => Fault(401, "AuthenticationFault", "3200",
            "message=AuthenticationFailed; errorCode=003200; statusCode=401", now),
    };

    private static IResult Throttle(DateTimeOffset now) => Fault(429, "SystemFault", "003001",
        "message=ThrottleExceeded; errorCode=003001; statusCode=429", now, "The request limit was reached.");

    private static IResult Fault(
        int status, string type, string code, string message, DateTimeOffset now, string? detail = null) =>
        TypedResults.Json(new
        {
            Fault = new { Error = new[] { new { Message = message, Detail = detail ?? message, code } }, type },
            time = QuickBooksData.Now(now),
        }, statusCode: status);
}
