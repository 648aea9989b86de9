using System.Text.Json;
using Connectors.Workers.Http;

namespace Connectors.Workers.Platforms.HubSpot;

/// <summary>
/// HubSpot's error body: <c>{"status":"error","message","errorType","policyName","category",…}</c>.
/// </summary>
public sealed class HubSpotErrors : IPlatformErrors
{
    public static HubSpotErrors Instance { get; } = new();

    public string Platform => "HubSpot";

    /// <summary>
    /// HubSpot sends no delay; a <c>DAILY</c> policy lasts until midnight (taken as UTC, the account's time zone
    /// being unknown here), the short windows are left to the backoff.
    /// </summary>
    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now)
    {
        using var document = TryParse(body);
        if (document is null || JsonRead.String(document.RootElement, "policyName") != "DAILY")
        {
            return null;
        }

        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return midnight - now;
    }

    public string Describe(string body)
    {
        using var document = TryParse(body);
        if (document is null)
        {
            return JsonRead.Short(null);
        }

        var category = JsonRead.String(document.RootElement, "category")
            ?? JsonRead.String(document.RootElement, "errorType");
        var message = JsonRead.String(document.RootElement, "message");
        return JsonRead.Short(category is null ? message : $"{category}: {message}");
    }

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
