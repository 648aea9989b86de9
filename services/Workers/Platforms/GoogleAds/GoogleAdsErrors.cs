using System.Globalization;
using System.Text.Json;
using Connectors.Workers.Http;

namespace Connectors.Workers.Platforms.GoogleAds;

/// <summary>Google's error body: <c>{"error":{"code","message","status","details":[…retryDelay…]}}</c>.</summary>
public sealed class GoogleAdsErrors : IPlatformErrors
{
    public static GoogleAdsErrors Instance { get; } = new();

    public string Platform => "Google Ads";

    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now)
    {
        using var document = TryParse(body);
        return document is null ? null : FindRetryDelay(document.RootElement);
    }

    public string Describe(string body)
    {
        using var document = TryParse(body);
        if (document is null)
        {
            return JsonRead.Short(null);
        }

        var status = JsonRead.String(document.RootElement, "error", "status");
        var message = JsonRead.String(document.RootElement, "error", "message");
        return JsonRead.Short(status is null ? message : $"{status}: {message}");
    }

    // The delay sits in quotaErrorDetails (Google Ads failures) or in a RetryInfo detail: search the whole body.
    private static TimeSpan? FindRetryDelay(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var found = property.NameEquals("retryDelay")
                        ? ParseDuration(property.Value)
                        : FindRetryDelay(property.Value);
                    if (found is not null)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(FindRetryDelay).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    // Protobuf JSON durations: "40591s", "1.5s".
    private static TimeSpan? ParseDuration(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 1 } text
        && text.EndsWith('s')
        && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

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
