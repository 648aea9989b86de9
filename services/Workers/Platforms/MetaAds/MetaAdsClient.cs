using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Connectors.Workers.Tokens;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.MetaAds;

/// <summary>A page of insights; <c>paging.next</c> is absent on the last page.</summary>
public sealed record MetaPage(IReadOnlyList<JsonElement>? Data, MetaPaging? Paging)
{
    public string? NextAfter =>
        Paging is { Next.Length: > 0, Cursors.After: { Length: > 0 } after } ? after : null;
}

public sealed record MetaPaging(MetaCursors? Cursors, string? Next);

public sealed record MetaCursors(string? Before, string? After);

/// <summary>The answer to starting an asynchronous report run.</summary>
public sealed record MetaReportRunStarted([property: JsonPropertyName("report_run_id")] string? ReportRunId);

/// <summary>The state of an asynchronous report run.</summary>
public sealed record MetaReportRun(
    [property: JsonPropertyName("async_status")] string? AsyncStatus,
    [property: JsonPropertyName("async_percent_completion")] int? PercentCompletion,
    [property: JsonPropertyName("error_message")] string? ErrorMessage,
    [property: JsonPropertyName("error_user_msg")] string? ErrorUserMessage);

/// <summary>The report an insights call asks for: one row per ad and day of a date range.</summary>
public sealed record MetaInsightsQuery(DateWindow Window, IReadOnlyList<string> Fields, int Limit)
{
    public IEnumerable<KeyValuePair<string, string>> Parameters() =>
    [
        new("level", "ad"),
        new("time_increment", "1"),
        new("time_range", JsonSerializer.Serialize(new { since = Iso(Window.From), until = Iso(Window.To) })),
        new("fields", string.Join(',', Fields)),
        new("limit", Limit.ToString(CultureInfo.InvariantCulture)),
    ];

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The Marketing API under <c>{ApiBaseUrl}/{ApiVersion}</c>: synchronous insights of an ad account, and the
/// asynchronous report runs (start, poll, page) used for long ranges. Pages are asked for with the <c>after</c>
/// cursor on the configured host, so the token never follows a URL the platform sent.
/// </summary>
public sealed class MetaAdsClient(
    HttpClient http,
    IOptionsMonitor<PlatformOptions> platforms,
    IOptions<WorkersOptions> workers,
    PlatformCaller caller)
{
    private readonly PlatformOptions _options = platforms.Get(ConnectorTypes.MetaAds);
    private readonly MetaAdsErrors _errors = new(workers.Value.MetaRegainAccessUnit);

    public Task<MetaPage> InsightsAsync(
        AccessSession session,
        string accountNode,
        MetaInsightsQuery query,
        string? after,
        CancellationToken cancellationToken) =>
        GetAsync<MetaPage>(session, $"{accountNode}/insights", [.. query.Parameters(), .. After(after)],
            "an insights page", cancellationToken);

    public Task<MetaReportRunStarted> StartReportRunAsync(
        AccessSession session,
        string accountNode,
        MetaInsightsQuery query,
        CancellationToken cancellationToken)
    {
        var path = $"{_options.ApiVersion}/{accountNode}/insights";
        var parameters = query.Parameters().ToList();
        return caller.SendAsync<MetaReportRunStarted>(
            new PlatformCall(http, session, _errors, "the start of a report run", token => Authorized(
                new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(parameters) },
                token)),
            cancellationToken);
    }

    public Task<MetaReportRun> ReportRunAsync(
        AccessSession session,
        string reportRunId,
        CancellationToken cancellationToken) =>
        GetAsync<MetaReportRun>(session, Uri.EscapeDataString(reportRunId), [], "a report run's state",
            cancellationToken);

    public Task<MetaPage> ReportRunInsightsAsync(
        AccessSession session,
        string reportRunId,
        int limit,
        string? after,
        CancellationToken cancellationToken) =>
        GetAsync<MetaPage>(session, $"{Uri.EscapeDataString(reportRunId)}/insights",
            [new("limit", limit.ToString(CultureInfo.InvariantCulture)), .. After(after)],
            "a report run's insights page", cancellationToken);

    /// <summary>The ad account's node (<c>act_123</c>) from the connector's account id.</summary>
    public static string? AccountNode(string? accountId)
    {
        var digits = new string([.. (accountId ?? "").Where(char.IsAsciiDigit)]);
        return digits.Length > 0 ? $"act_{digits}" : null;
    }

    private Task<T> GetAsync<T>(
        AccessSession session,
        string node,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        string what,
        CancellationToken cancellationToken)
    {
        var query = string.Join('&', parameters.Select(parameter =>
            $"{parameter.Key}={Uri.EscapeDataString(parameter.Value)}"));
        var path = $"{_options.ApiVersion}/{node}" + (query.Length > 0 ? $"?{query}" : "");
        return caller.SendAsync<T>(
            new PlatformCall(http, session, _errors, what,
                token => Authorized(new HttpRequestMessage(HttpMethod.Get, path), token)),
            cancellationToken);
    }

    private static IEnumerable<KeyValuePair<string, string>> After(string? after) =>
        after is null ? [] : [new("after", after)];

    private static HttpRequestMessage Authorized(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
