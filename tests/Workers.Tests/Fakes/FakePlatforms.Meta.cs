using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>
/// The Marketing API's insights: synchronous calls with cursor paging, asynchronous report runs (start, poll,
/// page), Graph error bodies with HTTP 400 and the <c>X-Business-Use-Case-Usage</c> header.
/// </summary>
public sealed partial class FakePlatforms
{
    public const string MetaAccountId = "777";

    private readonly ConcurrentDictionary<string, FakeReportRun> _runs = new();

    /// <summary>Polls a report run answers <c>Job Running</c> before it completes.</summary>
    public int MetaPollsBeforeCompletion { get; init; } = 1;

    private void MapMeta(WebApplication app)
    {
        app.MapGet("/meta/graph/v25.0/{node}/insights", MetaInsights);
        app.MapPost("/meta/graph/v25.0/{node}/insights", StartMetaRunAsync);
        app.MapGet("/meta/graph/v25.0/{node}", MetaReportRun);
    }

    private IResult MetaInsights(string node, HttpRequest request, HttpResponse response)
    {
        var account = EnterMeta(request, response, out var refusal);
        if (account is null)
        {
            return refusal!;
        }

        if (node == $"act_{MetaAccountId}")
        {
            Interlocked.Increment(ref account.MetaSyncInsightCalls);
            return MetaPage(account, MetaQuery.From(request.Query), request.Query["after"]);
        }

        return _runs.TryGetValue(node, out var run) && run.Completed
            ? MetaPage(account, run.Query with { Limit = int.Parse(request.Query["limit"]!) }, request.Query["after"])
            : MetaError(400, 100, "(#100) The report is not ready.");
    }

    private async Task<IResult> StartMetaRunAsync(string node, HttpRequest request, HttpResponse response)
    {
        var account = EnterMeta(request, response, out var refusal);
        if (account is null)
        {
            return refusal!;
        }

        var form = await request.ReadFormAsync();
        var run = new FakeReportRun("rr_" + Guid.NewGuid().ToString("N")[..12], MetaQuery.From(form));
        _runs[run.Id] = run;
        Interlocked.Increment(ref account.MetaRunsStarted);
        return FakeServer.Json(new JsonObject { ["report_run_id"] = run.Id });
    }

    private IResult MetaReportRun(string node, HttpRequest request, HttpResponse response)
    {
        var account = EnterMeta(request, response, out var refusal);
        if (account is null)
        {
            return refusal!;
        }

        if (!_runs.TryGetValue(node, out var run))
        {
            return MetaError(400, 100, $"Unsupported get request. Object with ID '{node}' does not exist.");
        }

        var polls = Interlocked.Increment(ref run.Polls);
        run.Completed = !account.MetaRunsFail && polls > MetaPollsBeforeCompletion;
        var status = account.MetaRunsFail ? "Job Failed" : run.Completed ? "Job Completed" : "Job Running";
        var body = new JsonObject
        {
            ["id"] = run.Id,
            ["async_status"] = status,
            ["async_percent_completion"] = run.Completed ? 100 : 40,
        };
        if (account.MetaRunsFail)
        {
            body["error_code"] = 2601;
            body["error_message"] = "The report job failed; try a smaller date range.";
        }

        return FakeServer.Json(body);
    }

    private FakeAccount? EnterMeta(HttpRequest request, HttpResponse response, out IResult? refusal)
    {
        var account = Authorize(request, out refusal, () => MetaError(400, 190, "Error validating access token."));
        if (account is not null && account.NextIsThrottled())
        {
            response.Headers["X-Business-Use-Case-Usage"] = new JsonObject
            {
                [MetaAccountId] = new JsonArray(new JsonObject
                {
                    ["type"] = "ads_insights",
                    ["call_count"] = 100,
                    ["total_cputime"] = 40,
                    ["total_time"] = 40,
                    ["estimated_time_to_regain_access"] = 1,
                }),
            }.ToJsonString();
            refusal = MetaError(400, 17, "(#17) User request limit reached", subcode: 2446079);
            return null;
        }

        return account;
    }

    private static IResult MetaPage(FakeAccount account, MetaQuery query, string? after)
    {
        var offset = after is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after)));
        lock (account)
        {
            var rows = account.Meta.Where(row => row.Date >= query.Since && row.Date <= query.Until)
                .OrderBy(row => row.AdId, StringComparer.Ordinal).ThenBy(row => row.Date).ToList();
            var page = rows.Skip(offset).Take(query.Limit).ToList();
            var next = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                (offset + page.Count).ToString(CultureInfo.InvariantCulture)));
            var paging = new JsonObject
            {
                ["cursors"] = new JsonObject { ["before"] = "MA==", ["after"] = next },
            };
            if (offset + page.Count < rows.Count)
            {
                paging["next"] = $"https://graph.facebook.com/v25.0/act_{MetaAccountId}/insights?after={next}";
            }

            return FakeServer.Json(new JsonObject
            {
                ["data"] = new JsonArray([.. page.Select(MetaRow)]),
                ["paging"] = paging,
            });
        }
    }

    private static JsonObject MetaRow(FakeMetaRow row)
    {
        var date = row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["account_id"] = MetaAccountId,
            ["campaign_id"] = row.CampaignId,
            ["adset_id"] = row.AdSetId,
            ["ad_id"] = row.AdId,
            ["ad_name"] = row.Name,
            ["impressions"] = Text(row.Impressions),
            ["clicks"] = Text(row.Clicks),
            ["spend"] = Text(row.Spend),
            ["reach"] = Text(row.Reach),
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_type"] = "purchase",
                ["value"] = Text((long)row.Purchases),
            }),
            ["date_start"] = date,
            ["date_stop"] = date,
        };
    }

    private static IResult MetaError(int status, int code, string message, int? subcode = null) => FakeServer.Json(
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = "OAuthException",
                ["code"] = code,
                ["error_subcode"] = subcode,
                ["is_transient"] = code == 17,
                ["fbtrace_id"] = "AbCdEf123",
            },
        },
        status);

    private sealed record MetaQuery(DateOnly Since, DateOnly Until, int Limit)
    {
        public static MetaQuery From(IEnumerable<KeyValuePair<string, StringValues>> values)
        {
            var parameters = values.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
            if (parameters["level"] != "ad" || parameters["time_increment"] != "1")
            {
                throw new InvalidOperationException("The worker must ask for daily rows per ad.");
            }

            var range = JsonNode.Parse(parameters["time_range"])!;
            return new MetaQuery(
                DateOnly.Parse(range["since"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                DateOnly.Parse(range["until"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                int.Parse(parameters["limit"], CultureInfo.InvariantCulture));
        }
    }

    private sealed class FakeReportRun(string id, MetaQuery query)
    {
        public int Polls;

        public string Id { get; } = id;

        public MetaQuery Query { get; } = query;

        public bool Completed { get; set; }
    }
}
