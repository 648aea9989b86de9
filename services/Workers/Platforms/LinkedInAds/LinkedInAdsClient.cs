using System.Net.Http.Headers;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Connectors.Workers.Tokens;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.LinkedInAds;

/// <summary>An adAnalytics answer: every element of the range at once, silently cut at LinkedIn's cap.</summary>
public sealed record LinkedInAnalytics(IReadOnlyList<JsonElement>? Elements);

/// <summary>
/// LinkedIn's <c>GET {ApiBaseUrl}/rest/adAnalytics</c> (Rest.li 2.0 syntax) with the <c>LinkedIn-Version</c> header.
/// </summary>
public sealed class LinkedInAdsClient(
    HttpClient http,
    IOptionsMonitor<PlatformOptions> platforms,
    PlatformCaller caller)
{
    /// <summary>The most metrics LinkedIn accepts in one request's <c>fields</c>.</summary>
    public const int MaxMetrics = 20;

    private readonly PlatformOptions _options = platforms.Get(ConnectorTypes.LinkedInAds);

    /// <summary>Daily metrics per campaign of one sponsored account over <paramref name="range"/>.</summary>
    public Task<LinkedInAnalytics> CampaignDailyAsync(
        AccessSession session,
        string accountId,
        DateWindow range,
        IReadOnlyList<string> metrics,
        CancellationToken cancellationToken)
    {
        if (metrics.Count > MaxMetrics)
        {
            throw new ArgumentException($"LinkedIn accepts at most {MaxMetrics} metrics per request.", nameof(metrics));
        }

        var path = "rest/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
            + $"&dateRange=(start:{Date(range.From)},end:{Date(range.To)})"
            + $"&accounts=List({Uri.EscapeDataString($"urn:li:sponsoredAccount:{accountId}")})"
            + $"&fields={string.Join(',', ["dateRange", "pivotValues", .. metrics])}";
        return caller.SendAsync<LinkedInAnalytics>(
            new PlatformCall(http, session, LinkedInAdsErrors.Instance, $"analytics of {range.From}..{range.To}",
                token =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Add("LinkedIn-Version", _options.ApiVersion);
                    request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
                    return request;
                }),
            cancellationToken);
    }

    /// <summary>The sponsored account's numeric id, also from its URN (<c>urn:li:sponsoredAccount:123</c>).</summary>
    public static string? AccountId(string? accountId)
    {
        var digits = new string([.. (accountId ?? "").Where(char.IsAsciiDigit)]);
        return digits.Length > 0 ? digits : null;
    }

    private static string Date(DateOnly date) => $"(year:{date.Year},month:{date.Month},day:{date.Day})";
}
