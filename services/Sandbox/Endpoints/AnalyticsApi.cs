using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.Endpoints;

/// <summary>analyticsadmin.googleapis.com (accountSummaries, properties) and analyticsdata.googleapis.com
/// (runReport) with per-property token quotas.</summary>
internal static class AnalyticsApi
{
    private const int ProjectTokensPerHour = 14_000;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/google/analyticsadmin/v1beta/accountSummaries", AccountSummaries);
        app.MapGet("/google/analyticsadmin/v1beta/properties/{propertyId}", Property);
        app.MapPost("/google/analyticsdata/v1beta/properties/{propertyId}:runReport", RunReportAsync);
        return app;
    }

    internal sealed record Services(SandboxStore Store, FaultBook Faults, IOptions<SandboxOptions> Options);

    private static IResult AccountSummaries(HttpContext context, SandboxStore store, FaultBook faults)
    {
        var grant = DataAccess.Check(context, store, Providers.Google, Products.GoogleAnalytics, out var failure);
        if (grant is null)
        {
            return GoogleErrors.Unauthenticated(failure);
        }

        if (grant.Product != Products.GoogleAnalytics)
        {
            return TypedResults.Json(new { });
        }

        var property = store.GetAccount(Products.GoogleAnalytics, grant.AccountId);
        if (faults.Enter(property, DataAccess.AccountStream, null).Fault is { } fault)
        {
            return Fault(fault);
        }

        var (accountId, accountName) = Parent(property);
        return TypedResults.Json(new
        {
            accountSummaries = new[]
            {
                new
                {
                    name = $"accountSummaries/{accountId}",
                    account = $"accounts/{accountId}",
                    displayName = accountName,
                    propertySummaries = new[]
                    {
                        new
                        {
                            property = $"properties/{property.Id}",
                            displayName = property.Name,
                            propertyType = "PROPERTY_TYPE_ORDINARY",
                            parent = $"accounts/{accountId}",
                        },
                    },
                },
            },
        });
    }

    private static IResult Property(HttpContext context, string propertyId, SandboxStore store, FaultBook faults)
    {
        if (Authorize(context, store, propertyId) is { } denied)
        {
            return denied;
        }

        var property = store.GetAccount(Products.GoogleAnalytics, propertyId);
        if (faults.Enter(property, DataAccess.AccountStream, null).Fault is { } fault)
        {
            return Fault(fault);
        }

        var (accountId, _) = Parent(property);
        var created = property.Anchor.AddDays(-(400 + (int)(property.Seed % 300)));
        return TypedResults.Json(new
        {
            name = $"properties/{property.Id}",
            propertyType = "PROPERTY_TYPE_ORDINARY",
            createTime = created.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            updateTime = created.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            parent = $"accounts/{accountId}",
            displayName = property.Name,
            industryCategory = "TECHNOLOGY",
            timeZone = "America/New_York",
            currencyCode = "USD",
            serviceLevel = "GOOGLE_ANALYTICS_STANDARD",
            account = $"accounts/{accountId}",
        });
    }

    private static async Task<IResult> RunReportAsync(
        HttpContext context, string propertyId, [AsParameters] Services services)
    {
        if (Authorize(context, services.Store, propertyId) is { } denied)
        {
            return denied;
        }

        var property = services.Store.GetAccount(Products.GoogleAnalytics, propertyId);
        GaReportRequest request;
        try
        {
            var body = await ReadBodyAsync(context);
            request = AnalyticsReport.Parse(body, DateOnly.FromDateTime(services.Store.Now.UtcDateTime));
        }
        catch (GaRequestException ex)
        {
            return GoogleErrors.Plain(400, "INVALID_ARGUMENT", ex.Message);
        }

        var offsetText = request.Offset.ToString(CultureInfo.InvariantCulture);
        var decision = services.Faults.Enter(property, AnalyticsData.DailyChannels, offsetText);
        if (decision.Fault is { } fault)
        {
            return Fault(fault);
        }

        if (Exhausted(property, services) is { } exhausted)
        {
            return exhausted;
        }

        return Report(property, request, long.Parse(decision.Cursor ?? "0", CultureInfo.InvariantCulture), services);
    }

    private static IResult Report(Account property, GaReportRequest request, long offset, Services services)
    {
        IReadOnlyList<GaRow> rows;
        try
        {
            lock (services.Store.Gate)
            {
                rows = AnalyticsReport.Run(property, request, services.Store.Now);
            }
        }
        catch (GaRequestException ex)
        {
            return GoogleErrors.Plain(400, "INVALID_ARGUMENT", ex.Message);
        }

        var page = rows.Skip((int)Math.Min(offset, int.MaxValue)).Take((int)request.Limit).ToList();
        var cost = 5 + Math.Min(95, page.Count / 100);
        var result = new JsonObject
        {
            ["dimensionHeaders"] = new JsonArray([.. AnalyticsReport.DimensionHeaders(request)
                .Select(d => (JsonNode)new JsonObject { ["name"] = d })]),
            ["metricHeaders"] = new JsonArray([.. request.Metrics.Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m,
                ["type"] = AnalyticsData.Metrics[m].Type,
            })]),
        };
        if (page.Count > 0)
        {
            result["rows"] = new JsonArray([.. page.Select(Row)]);
        }

        if (rows.Count > 0)
        {
            result["rowCount"] = rows.Count;
        }

        result["metadata"] = new JsonObject { ["currencyCode"] = "USD", ["timeZone"] = "America/New_York" };
        var quota = Consume(property, cost, services);
        if (request.ReturnPropertyQuota)
        {
            result["propertyQuota"] = quota;
        }

        result["kind"] = "analyticsData#runReport";
        return TypedResults.Json(result);
    }

    private static JsonNode Row(GaRow row) => new JsonObject
    {
        ["dimensionValues"] = Values(row.Dimensions),
        ["metricValues"] = Values(row.Metrics),
    };

    private static JsonArray Values(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)new JsonObject
    {
        ["value"] = v,
    })]);

    private static (int Day, int Hour) Used(Account property, DateTimeOffset now)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var hour = now.AddHours(-1);
        return (property.QuotaUse.Where(u => u.At >= midnight).Sum(u => u.Tokens),
            property.QuotaUse.Where(u => u.At > hour).Sum(u => u.Tokens));
    }

    private static (int Day, int Hour) Limits(Account property, Services services) =>
        (property.Limit("tokensPerDay", services.Options.Value.AnalyticsTokensPerDay),
            property.Limit("tokensPerHour", services.Options.Value.AnalyticsTokensPerHour));

    private static IResult? Exhausted(Account property, Services services)
    {
        (int Day, int Hour) used;
        lock (services.Store.Gate)
        {
            used = Used(property, services.Store.Now);
        }

        var limits = Limits(property, services);
        return used.Day >= limits.Day ? QuotaError("tokens per day")
            : used.Hour >= limits.Hour ? QuotaError("tokens per hour")
            : null;
    }

    private static JsonObject Consume(Account property, int cost, Services services)
    {
        (int Day, int Hour) used;
        lock (services.Store.Gate)
        {
            property.QuotaUse.RemoveAll(u => u.At < services.Store.Now.AddDays(-2));
            property.QuotaUse.Add((services.Store.Now, cost));
            used = Used(property, services.Store.Now);
        }

        var limits = Limits(property, services);
        return new JsonObject
        {
            ["tokensPerDay"] = Status(cost, limits.Day - used.Day),
            ["tokensPerHour"] = Status(cost, limits.Hour - used.Hour),
            ["concurrentRequests"] = Status(0, 10),
            ["serverErrorsPerProjectPerHour"] = Status(0, 10),
            ["potentiallyThresholdedRequestsPerHour"] = Status(0, 120),
            ["tokensPerProjectPerHour"] = Status(
                cost, ProjectTokensPerHour - Math.Min(used.Hour, ProjectTokensPerHour)),
        };
    }

    private static JsonObject Status(int consumed, int remaining) =>
        new() { ["consumed"] = consumed, ["remaining"] = Math.Max(0, remaining) };

    private static IResult QuotaError(string bucket) => GoogleErrors.Plain(
        429,
        "RESOURCE_EXHAUSTED",
        $"Exhausted property {bucket} for a property. Wait for the quota to refresh; "
            + "request returnPropertyQuota to follow your usage.");

    private static IResult? Authorize(HttpContext context, SandboxStore store, string propertyId)
    {
        var grant = DataAccess.Check(context, store, Providers.Google, Products.GoogleAnalytics, out var failure);
        if (grant is null)
        {
            return GoogleErrors.Unauthenticated(failure);
        }

        if (!grant.Scopes.Any(s => s.Contains("analytics", StringComparison.Ordinal)))
        {
            return GoogleErrors.Plain(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
        }

        var id = Products.NormalizeAccountId(Products.GoogleAnalytics, propertyId);
        return grant.Product == Products.GoogleAnalytics && grant.AccountId == id
            ? null
            : GoogleErrors.Plain(
                403, "PERMISSION_DENIED", "User does not have sufficient permissions for this property.");
    }

    private static IResult Fault(ArmedFault fault) => fault.Kind switch
    {
        FaultKinds.RateLimit => GoogleErrors.Plain(
            429,
            "RESOURCE_EXHAUSTED",
            "Exhausted concurrent requests quota for a property. Retry in "
                + (fault.RetryAfterSeconds ?? 10).ToString(CultureInfo.InvariantCulture) + " seconds."),
        FaultKinds.QuotaExhausted => QuotaError("tokens per day"),
        FaultKinds.ServerError => GoogleErrors.Plain(500, "INTERNAL", "Internal error encountered."),
        _ => GoogleErrors.Unauthenticated(AccessFailure.Expired),
    };

    private static (string Id, string Name) Parent(Account property)
    {
        var isDefault = property.Id == Products.DefaultAccountId(Products.GoogleAnalytics);
        var id = isDefault ? "1000" : (1000 + (long)(property.Seed % 90_000)).ToString(CultureInfo.InvariantCulture);
        return (id, isDefault ? "Acme" : $"Sandbox Account {id}");
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            throw new GaRequestException("Invalid JSON payload received.");
        }
    }
}
