using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Connectors.Workers.Tokens;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.GoogleAnalytics;

/// <summary>A header of a report column.</summary>
public sealed record ReportHeader(string Name);

/// <summary>
/// One page of <c>runReport</c>: every value a string, dates as <c>YYYYMMDD</c>; <c>rowCount</c> counts the rows
/// of the whole report (absent when there are none).
/// </summary>
public sealed record AnalyticsReport(
    IReadOnlyList<ReportHeader>? DimensionHeaders,
    IReadOnlyList<ReportHeader>? MetricHeaders,
    IReadOnlyList<JsonElement>? Rows,
    long? RowCount,
    JsonElement? PropertyQuota);

/// <summary>The GA4 Data API: <c>POST {ApiBaseUrl}/{ApiVersion}/properties/{id}:runReport</c>.</summary>
public sealed class GoogleAnalyticsClient(
    HttpClient http,
    IOptionsMonitor<PlatformOptions> platforms,
    PlatformCaller caller)
{
    private readonly PlatformOptions _options = platforms.Get(ConnectorTypes.GoogleAnalytics);

    /// <summary>
    /// A page of a daily report over <paramref name="window"/>, ordered by the dimensions as listed so that offset
    /// paging is stable.
    /// </summary>
    public Task<AnalyticsReport> RunReportAsync(
        AccessSession session,
        string property,
        DateWindow window,
        IReadOnlyList<string> dimensions,
        IReadOnlyList<string> metrics,
        int limit,
        long offset,
        CancellationToken cancellationToken)
    {
        var body = new
        {
            dateRanges = new[] { new { startDate = Iso(window.From), endDate = Iso(window.To) } },
            dimensions = dimensions.Select(name => new { name }),
            metrics = metrics.Select(name => new { name }),
            orderBys = dimensions.Select(name => new { dimension = new { dimensionName = name } }),
            limit = limit.ToString(CultureInfo.InvariantCulture),
            offset = offset.ToString(CultureInfo.InvariantCulture),
            returnPropertyQuota = true,
        };
        var path = $"{_options.ApiVersion}/{property}:runReport";
        return caller.SendAsync<AnalyticsReport>(
            new PlatformCall(http, session, GoogleAnalyticsErrors.Instance, $"a report page at offset {offset}",
                token =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    return request;
                }),
            cancellationToken);
    }

    /// <summary>The property's resource name (<c>properties/123456</c>) from the connector's account id.</summary>
    public static string? PropertyName(string? accountId)
    {
        var digits = new string([.. (accountId ?? "").Where(char.IsAsciiDigit)]);
        return digits.Length > 0 ? $"properties/{digits}" : null;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
