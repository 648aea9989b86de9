using System.Text.Json;
using Connectors.Workers.Http;

namespace Connectors.Workers.Platforms.LinkedInAds;

/// <summary>
/// LinkedIn's error body: <c>{"status","serviceErrorCode","code","message"}</c>. A 429 names no delay and is backed
/// off; one that persists is the app's or member's daily limit, which resets at midnight UTC.
/// </summary>
public sealed class LinkedInAdsErrors : IPlatformErrors
{
    public static LinkedInAdsErrors Instance { get; } = new();

    public string Platform => "LinkedIn Ads";

    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now) => null;

    public DateTimeOffset? QuotaResetsAt(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    public string Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var code = JsonRead.String(document.RootElement, "code");
            var message = JsonRead.String(document.RootElement, "message");
            return JsonRead.Short(code is null ? message : $"{code}: {message}");
        }
        catch (JsonException)
        {
            return JsonRead.Short(null);
        }
    }
}
