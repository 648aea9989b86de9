using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>
/// QuickBooks Online's query endpoint (the statement subset the worker sends) and change data capture with
/// deletion stubs; every answer carries <c>intuit_tid</c>, throttles are 429 with a fault body.
/// </summary>
public sealed partial class FakePlatforms
{
    public const string RealmId = "9130350";

    private void MapQuickBooks(WebApplication app)
    {
        app.MapGet($"/intuit/quickbooks/v3/company/{RealmId}/query", QuickBooksQuery);
        app.MapGet($"/intuit/quickbooks/v3/company/{RealmId}/cdc", QuickBooksChanges);
    }

    private IResult QuickBooksQuery(HttpRequest request, HttpResponse response)
    {
        var account = EnterQuickBooks(request, response, out var refusal);
        if (account is null)
        {
            return refusal!;
        }

        var statement = QueryPattern().Match(request.Query["query"].ToString());
        if (!statement.Success)
        {
            return QuickBooksFault(400, "ValidationFault", "4000", "Error parsing query");
        }

        Interlocked.Increment(ref account.QuickBooksQueryCalls);
        var entity = statement.Groups[1].Value;
        var from = DateTimeOffset.Parse(statement.Groups[2].Value, CultureInfo.InvariantCulture);
        var start = int.Parse(statement.Groups[3].Value, CultureInfo.InvariantCulture);
        var max = int.Parse(statement.Groups[4].Value, CultureInfo.InvariantCulture);
        lock (account)
        {
            var page = account.QuickBooks[entity].Where(item => !item.Deleted && item.LastUpdated >= from)
                .OrderBy(item => item.LastUpdated).ThenBy(item => item.Id, StringComparer.Ordinal)
                .Skip(start - 1).Take(max).Select(item => QuickBooksObject(entity, item)).ToList();
            var answer = new JsonObject();
            if (page.Count > 0)
            {
                answer[entity] = new JsonArray([.. page]);
                answer["startPosition"] = start;
                answer["maxResults"] = page.Count;
            }

            return FakeServer.Json(new JsonObject { ["QueryResponse"] = answer, ["time"] = Now() });
        }
    }

    private IResult QuickBooksChanges(HttpRequest request, HttpResponse response)
    {
        var account = EnterQuickBooks(request, response, out var refusal);
        if (account is null)
        {
            return refusal!;
        }

        Interlocked.Increment(ref account.QuickBooksCdcCalls);
        var since = DateTimeOffset.Parse(request.Query["changedSince"]!, CultureInfo.InvariantCulture);
        var answers = new JsonArray();
        lock (account)
        {
            foreach (var entity in request.Query["entities"].ToString().Split(','))
            {
                var changed = account.QuickBooks[entity].Where(item => item.LastUpdated >= since)
                    .OrderBy(item => item.LastUpdated)
                    .Select(item => item.Deleted ? Stub(item) : QuickBooksObject(entity, item)).ToList();
                if (changed.Count > 0)
                {
                    answers.Add(new JsonObject
                    {
                        [entity] = new JsonArray([.. changed]),
                        ["startPosition"] = 1,
                        ["maxResults"] = changed.Count,
                        ["totalCount"] = changed.Count,
                    });
                }
            }
        }

        return FakeServer.Json(new JsonObject
        {
            ["CDCResponse"] = new JsonArray(new JsonObject { ["QueryResponse"] = answers }),
            ["time"] = Now(),
        });
    }

    private FakeAccount? EnterQuickBooks(HttpRequest request, HttpResponse response, out IResult? refusal)
    {
        response.Headers["intuit_tid"] = "1-" + Guid.NewGuid().ToString("N")[..16];
        var account = Authorize(request, out refusal,
            () => QuickBooksFault(401, "AuthenticationFault", "3200", "message=AuthenticationFailed"));
        if (account is not null && request.Query["minorversion"] != "75")
        {
            refusal = QuickBooksFault(400, "ValidationFault", "4001", "Invalid minorversion");
            return null;
        }

        if (account is not null && account.NextIsThrottled())
        {
            refusal = QuickBooksFault(429, "SystemFault", "003001", "ThrottleExceeded");
            return null;
        }

        return account;
    }

    private static JsonObject QuickBooksObject(string entity, FakeQuickBooksObject item)
    {
        var body = new JsonObject
        {
            ["Id"] = item.Id,
            ["SyncToken"] = item.SyncToken.ToString(CultureInfo.InvariantCulture),
            ["domain"] = "QBO",
            ["sparse"] = false,
            ["MetaData"] = new JsonObject
            {
                ["CreateTime"] = Timestamp(item.LastUpdated.AddDays(-1)),
                ["LastUpdatedTime"] = Timestamp(item.LastUpdated),
            },
        };
        if (entity == "Customer")
        {
            body["DisplayName"] = item.DisplayName;
            body["Balance"] = item.Balance;
            return body;
        }

        body["TxnDate"] = item.TxnDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["TotalAmt"] = item.TotalAmt;
        body["CustomerRef"] = new JsonObject { ["value"] = item.CustomerId, ["name"] = item.DisplayName };
        if (entity == "Invoice")
        {
            body["Balance"] = item.Balance;
        }

        return body;
    }

    private static JsonObject Stub(FakeQuickBooksObject item) => new()
    {
        ["domain"] = "QBO",
        ["status"] = "Deleted",
        ["Id"] = item.Id,
        ["MetaData"] = new JsonObject { ["LastUpdatedTime"] = Timestamp(item.LastUpdated) },
    };

    private static string Timestamp(DateTimeOffset time) =>
        time.ToOffset(TimeSpan.FromHours(-7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Now() => Timestamp(DateTimeOffset.UtcNow);

    private static IResult QuickBooksFault(int status, string type, string code, string message) => FakeServer.Json(
        new JsonObject
        {
            ["Fault"] = new JsonObject
            {
                ["Error"] = new JsonArray(new JsonObject
                {
                    ["Message"] = message,
                    ["Detail"] = message,
                    ["code"] = code,
                }),
                ["type"] = type,
            },
            ["time"] = Now(),
        },
        status);

    [GeneratedRegex(@"^SELECT \* FROM (\w+) WHERE MetaData\.LastUpdatedTime >= '([^']+)' "
        + @"ORDERBY MetaData\.LastUpdatedTime STARTPOSITION (\d+) MAXRESULTS (\d+)$")]
    private static partial Regex QueryPattern();
}
