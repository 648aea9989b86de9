using System.Globalization;
using System.Text.Json;

namespace Connectors.Workers.Http;

/// <summary>
/// Lenient readers for platform JSON, where numbers may arrive as strings and empty values are omitted.
/// </summary>
public static class JsonRead
{
    public static JsonElement? Path(JsonElement element, params ReadOnlySpan<string> names)
    {
        var current = element;
        foreach (var name in names)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? String(JsonElement element, params ReadOnlySpan<string> names) => Path(element, names) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } value => value.GetRawText(),
        _ => null,
    };

    /// <summary>An int64 sent as a JSON string (Google) or number; null when absent.</summary>
    public static long? Int64(JsonElement element, params ReadOnlySpan<string> names) => Path(element, names) switch
    {
        { ValueKind: JsonValueKind.Number } value => value.GetInt64(),
        { ValueKind: JsonValueKind.String } value => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        _ => null,
    };

    public static decimal? Decimal(JsonElement element, params ReadOnlySpan<string> names) =>
        Path(element, names) switch
        {
            { ValueKind: JsonValueKind.Number } value => value.GetDecimal(),
            { ValueKind: JsonValueKind.String } value => decimal.Parse(
                value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => null,
        };

    public static bool? Boolean(JsonElement element, params ReadOnlySpan<string> names) => Path(element, names) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>An ISO 8601 timestamp, or epoch milliseconds as HubSpot sometimes sends them.</summary>
    public static DateTimeOffset? Timestamp(JsonElement element, params ReadOnlySpan<string> names)
    {
        var text = String(element, names);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                .ToUniversalTime();
    }

    /// <summary>Shortens a platform's message so it fits an error shown to users.</summary>
    public static string Short(string? text, int max = 300) =>
        string.IsNullOrWhiteSpace(text) ? "no explanation given" : text.Length <= max ? text : text[..max] + "…";
}
