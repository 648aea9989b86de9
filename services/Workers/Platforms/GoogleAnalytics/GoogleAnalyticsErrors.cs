using System.Net;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Http;
using Connectors.Workers.Platforms.GoogleAds;

namespace Connectors.Workers.Platforms.GoogleAnalytics;

/// <summary>
/// Google's error body, as for Google Ads. A 429 <c>RESOURCE_EXHAUSTED</c> on an hourly or concurrency bucket is
/// waited out; one on the property's daily tokens ends the sync as <c>Quota</c>, since retrying cannot help.
/// </summary>
public sealed class GoogleAnalyticsErrors : IPlatformErrors
{
    public static GoogleAnalyticsErrors Instance { get; } = new();

    public string Platform => "Google Analytics";

    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now) =>
        GoogleAdsErrors.Instance.ThrottleDelay(body, now);

    public string Describe(string body) => GoogleAdsErrors.Instance.Describe(body);

    public PlatformFault? Interpret(HttpResponseMessage response, string body, DateTimeOffset now) =>
        response.StatusCode == HttpStatusCode.TooManyRequests && IsDailyQuota(body)
            ? PlatformFault.Refuse(FailureClass.Quota,
                "Google Analytics has used up this property's tokens for the day; they refill at midnight Pacific "
                + $"time. {Describe(body)}")
            : null;

    private static bool IsDailyQuota(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var message = JsonRead.String(document.RootElement, "error", "message") ?? "";
            return message.Contains("per day", StringComparison.OrdinalIgnoreCase)
                || message.Contains("tokensPerDay", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
