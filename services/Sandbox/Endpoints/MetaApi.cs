using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.Sandbox.Data;
using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.Endpoints;

/// <summary>graph.facebook.com Marketing API: ad accounts, sync insights with cursor paging, async report runs,
/// usage headers and throttling errors.</summary>
internal static class MetaApi
{
    private const string ReportRunStream = "report_run";

    private static readonly object CursorKey = new();

    public static RouteGroupBuilder MapMetaApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"/meta/graph/{MetaOAuth.VersionSegment}");
        group.MapGet("/me/adaccounts", AdAccounts);
        group.MapGet("/{node}", Node);
        group.MapGet("/{node}/insights", Insights);
        group.MapPost("/{node}/insights", StartRunAsync).DisableAntiforgery();
        return group;
    }

    internal sealed record Services(
        SandboxStore Store, FaultBook Faults, ReportRuns Runs, IOptions<SandboxOptions> Options);

    private static IResult AdAccounts(HttpContext context, [AsParameters] Services services)
    {
        var (account, error) = Enter(context, services, null, DataAccess.AccountStream, null);
        if (account is null)
        {
            return error!;
        }

        var data = new JsonArray(AccountJson(account, Fields(context.Request.Query["fields"],
            "id,account_id,name,currency,timezone_name,account_status")));
        return TypedResults.Json(new JsonObject
        {
            ["data"] = data,
            ["paging"] = new JsonObject
            {
                ["cursors"] = new JsonObject { ["before"] = Cursor(0), ["after"] = Cursor(0) },
            },
        });
    }

    private static IResult Node(HttpContext context, string node, [AsParameters] Services services)
    {
        if (node.StartsWith("act_", StringComparison.Ordinal))
        {
            var (account, error) = Enter(context, services, node, DataAccess.AccountStream, null);
            return account is null
                ? error!
                : TypedResults.Json(AccountJson(account, Fields(context.Request.Query["fields"], "id,account_id")));
        }

        var run = services.Runs.Find(node);
        if (run is null)
        {
            DataAccess.Check(context, services.Store, Providers.Meta, Products.MetaAds, out _);
            return Missing(node);
        }

        return Poll(context, run, services);
    }

    private static IResult Poll(HttpContext context, ReportRun run, Services services)
    {
        var account = services.Store.GetAccount(Products.MetaAds, run.AccountId);
        var (entered, error) = Enter(context, services, run.AccountId, ReportRunStream, null, jobFailedAllowed: true);
        if (entered is null)
        {
            return error!;
        }

        var failing = context.Items.ContainsKey(FaultKinds.JobFailed);
        var (status, percent) = services.Runs.Poll(run, failing);
        var query = MetaInsights.Parse(run.Parameters, DateOnly.FromDateTime(run.StartedAt.UtcDateTime));
        var body = new JsonObject
        {
            ["id"] = run.Id,
            ["account_id"] = account.Id["act_".Length..],
            ["async_status"] = status,
            ["async_percent_completion"] = percent,
            ["date_start"] = query.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["date_stop"] = query.Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time_ref"] = run.StartedAt.ToUnixTimeSeconds(),
        };
        if (run.Failed)
        {
            body["error_code"] = 2601;
            body["error_subcode"] = 1815107;
            body["error_message"] = "The report job failed; start a new one with a smaller date range.";
            body["error_user_title"] = "Report failed";
            body["error_user_msg"] = "The report could not be completed. Try again with a shorter time range.";
        }

        return TypedResults.Json(body);
    }

    private static IResult Insights(HttpContext context, string node, [AsParameters] Services services)
    {
        var parameters = Parameters(context.Request.Query, null);
        if (node.StartsWith("act_", StringComparison.Ordinal))
        {
            return Serve(context, node, parameters, parameters, services);
        }

        var run = services.Runs.Find(node);
        if (run is null)
        {
            DataAccess.Check(context, services.Store, Providers.Meta, Products.MetaAds, out _);
            return Missing(node);
        }

        if (!run.Completed)
        {
            DataAccess.Check(context, services.Store, Providers.Meta, Products.MetaAds, out _);
            return Error(400, "(#100) The report is not ready; poll the report run until Job Completed.", 100, 2601);
        }

        var merged = new Dictionary<string, string>(run.Parameters, StringComparer.Ordinal);
        foreach (var key in new[] { "limit", "after" })
        {
            merged.Remove(key);
            if (parameters.TryGetValue(key, out var value))
            {
                merged[key] = value;
            }
        }

        return Serve(context, run.AccountId, merged, parameters, services);
    }

    private static IResult Serve(
        HttpContext context, string actId, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> own, Services services)
    {
        var (account, error) = Enter(context, services, actId, MetaData.AdDaily, own.GetValueOrDefault("after"));
        if (account is null)
        {
            return error!;
        }

        MetaInsightsQuery query;
        try
        {
            query = MetaInsights.Parse(parameters, DateOnly.FromDateTime(services.Store.Now.UtcDateTime));
        }
        catch (MetaRequestException ex)
        {
            return Error(400, ex.Message, 100);
        }

        IReadOnlyList<JsonObject> rows;
        lock (services.Store.Gate)
        {
            rows = MetaInsights.Rows(account, query, services.Store.Now);
        }

        var cursor = context.Items.TryGetValue(CursorKey, out var c) ? c as string : null;
        if (!TryReadCursor(cursor, out var offset))
        {
            return Error(400, "(#100) The after cursor is invalid.", 100);
        }

        return Page(context, rows, offset, query.Limit);
    }

    private static IResult Page(HttpContext context, IReadOnlyList<JsonObject> rows, int offset, int limit)
    {
        var page = rows.Skip(offset).Take(limit).ToList();
        var paging = new JsonObject
        {
            ["cursors"] = new JsonObject { ["before"] = Cursor(offset), ["after"] = Cursor(offset + page.Count) },
        };
        if (offset + page.Count < rows.Count)
        {
            paging["next"] = NextUrl(context.Request, Cursor(offset + page.Count));
        }

        return TypedResults.Json(new JsonObject
        {
            ["data"] = new JsonArray([.. page]),
            ["paging"] = paging,
        });
    }

    private static async Task<IResult> StartRunAsync(HttpContext context, string node, [AsParameters] Services services)
    {
        var form = await ClientRegistry.ReadFormAsync(context.Request, context.RequestAborted);
        var parameters = Parameters(context.Request.Query, form);
        var (account, error) = Enter(context, services, node, MetaData.AdDaily, null);
        if (account is null)
        {
            return error!;
        }

        try
        {
            MetaInsights.Parse(parameters, DateOnly.FromDateTime(services.Store.Now.UtcDateTime));
        }
        catch (MetaRequestException ex)
        {
            return Error(400, ex.Message, 100);
        }

        parameters.Remove("access_token");
        var polls = account.Limit("asyncPolls", services.Options.Value.MetaAsyncPolls);
        var run = services.Runs.Start(account, parameters, polls);
        return TypedResults.Json(new { report_run_id = run.Id });
    }

    /// <summary>Authorizes, counts usage (headers on every answer), fires faults and enforces the hourly budget.
    /// Returns the account, or the error to answer with.</summary>
    private static (Account? Account, IResult? Error) Enter(
        HttpContext context, Services services, string? actId, string stream, string? cursor,
        bool jobFailedAllowed = false)
    {
        var grant = DataAccess.Check(context, services.Store, Providers.Meta, Products.MetaAds, out var failure);
        if (grant is null || grant.Product != Products.MetaAds)
        {
            return (null, TokenError(failure));
        }

        if (actId is not null && Products.NormalizeAccountId(Products.MetaAds, actId) != grant.AccountId)
        {
            return (null, Missing(actId));
        }

        var account = services.Store.GetAccount(Products.MetaAds, grant.AccountId);
        var budget = account.Limit("callsPerHour", services.Options.Value.MetaCallsPerHour);
        var calls = services.Store.RecordCall(account, TimeSpan.FromHours(1));
        var decision = services.Faults.Enter(account, stream, cursor);
        context.Items[CursorKey] = decision.Cursor;
        if (decision.Fault is { } fault)
        {
            if (fault.Kind == FaultKinds.JobFailed && jobFailedAllowed)
            {
                context.Items[FaultKinds.JobFailed] = true;
                Usage(context, account, calls * 100 / Math.Max(1, budget), 0);
                return (account, null);
            }

            return (null, Fault(context, account, fault));
        }

        var minutes = RegainMinutes(account, services.Store, budget);
        Usage(context, account, calls * 100 / Math.Max(1, budget), calls > budget ? minutes : 0);
        return calls > budget
            ? (null, Error(400, "(#80000) There have been too many calls from this ad-account. Wait a bit and try "
                + "again.", 80000, 2446079, transient: true))
            : (account, null);
    }

    private static int RegainMinutes(Account account, SandboxStore store, int budget)
    {
        lock (store.Gate)
        {
            var over = account.Calls.Count - budget;
            if (over <= 0)
            {
                return 0;
            }

            var freeAt = account.Calls[over - 1].AddHours(1);
            return Math.Max(1, (int)Math.Ceiling((freeAt - store.Now).TotalMinutes));
        }
    }

    private static void Usage(HttpContext context, Account account, int percent, int regainMinutes)
    {
        var pct = Math.Min(100, percent);
        var numeric = account.Id["act_".Length..];
        var business = new JsonObject
        {
            [numeric] = new JsonArray(new JsonObject
            {
                ["type"] = "ads_insights",
                ["call_count"] = pct,
                ["total_cputime"] = pct / 2,
                ["total_time"] = pct / 2,
                ["estimated_time_to_regain_access"] = regainMinutes,
                ["ads_api_access_tier"] = "standard_access",
            }),
        };
        context.Response.Headers["X-Business-Use-Case-Usage"] = business.ToJsonString();
        context.Response.Headers["X-Ad-Account-Usage"] = new JsonObject
        {
            ["acc_id_util_pct"] = pct,
            ["reset_time_duration"] = regainMinutes * 60,
            ["ads_api_access_tier"] = "standard_access",
        }.ToJsonString();
    }

    private static IResult Fault(HttpContext context, Account account, ArmedFault fault)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((fault.RetryAfterSeconds ?? 300) / 60.0));
        switch (fault.Kind)
        {
            case FaultKinds.RateLimit:
                Usage(context, account, 100, minutes);
                return Error(400, "(#17) User request limit reached", 17, 2446079, transient: true);
            case FaultKinds.QuotaExhausted:
                Usage(context, account, 100, minutes);
                return Error(400, "(#613) Calls to this api have exceeded the rate limit.", 613, 1487742,
                    transient: true);
            case FaultKinds.ServerError:
                Usage(context, account, 0, 0);
                return Error(500, "An unexpected error has occurred. Please retry your request later.", 2,
                    transient: true);
            case FaultKinds.RevokeGrant:
                return TokenError(AccessFailure.Revoked);
            case FaultKinds.JobFailed:
                return Error(400, "(#2601) The report job failed.", 2601);
            default:
                return TokenError(AccessFailure.Expired);
        }
    }

    private static IResult TokenError(AccessFailure failure) => failure switch
    {
        AccessFailure.Expired => MetaOAuth.GraphError(
            400, "Error validating access token: Session has expired.", 190, 463),
        AccessFailure.Revoked => MetaOAuth.GraphError(
            400, "Error validating access token: The user has not authorized application.", 190, 458),
        AccessFailure.Missing => MetaOAuth.GraphError(
            400, "An active access token must be used to query information about the current user.", 2500),
        _ => MetaOAuth.GraphError(400, "Invalid OAuth access token - Cannot parse access token", 190, 467),
    };

    private static IResult Missing(string node) => Error(
        400,
        $"Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded due to missing "
            + "permissions, or does not support this operation.",
        100,
        33);

    private static IResult Error(int status, string message, int code, int? subcode = null, bool transient = false)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = "OAuthException",
            ["code"] = code,
        };
        if (subcode is { } sub)
        {
            error["error_subcode"] = sub;
        }

        error["is_transient"] = transient;
        error["fbtrace_id"] = "A" + SandboxStore.RandomToken(22);
        return TypedResults.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static JsonObject AccountJson(Account account, IReadOnlyList<string> fields)
    {
        var all = new Dictionary<string, JsonNode?>
        {
            ["id"] = account.Id,
            ["account_id"] = account.Id["act_".Length..],
            ["name"] = account.Name,
            ["currency"] = "USD",
            ["timezone_name"] = "America/Los_Angeles",
            ["account_status"] = 1,
            ["amount_spent"] = (Deterministic.Range(account.Seed, "spent", 0, 10_000, 9_000_000))
                .ToString(CultureInfo.InvariantCulture),
            ["business_name"] = account.Name,
            ["created_time"] = account.Anchor.AddDays(-500)
                .ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture),
        };
        var body = new JsonObject();
        foreach (var field in fields.Where(all.ContainsKey))
        {
            body[field] = all[field]?.DeepClone();
        }

        body["id"] ??= account.Id;
        return body;
    }

    private static List<string> Fields(string? requested, string fallback) =>
        (string.IsNullOrWhiteSpace(requested) ? fallback : requested)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .ToList();

    private static Dictionary<string, string> Parameters(IQueryCollection query, IFormCollection? form)
    {
        var parameters = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        foreach (var (key, value) in form ?? FormCollection.Empty)
        {
            parameters[key] = value.ToString();
        }

        return parameters;
    }

    private static string Cursor(int offset) =>
        SandboxStore.Base64Url(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadCursor(string? cursor, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text[2..], CultureInfo.InvariantCulture, out offset) && offset >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string NextUrl(HttpRequest request, string after)
    {
        var query = request.Query
            .Where(p => p.Key != "after")
            .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString()))
            .Append(new KeyValuePair<string, string?>("after", after));
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        return QueryHelpers.AddQueryString(baseUrl, query);
    }
}
