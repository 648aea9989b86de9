using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Http;

namespace Connectors.Workers.Platforms.MetaAds;

/// <summary>
/// Graph API errors: <c>{"error":{"message","type","code","error_subcode","is_transient","fbtrace_id"}}</c>, usually
/// with HTTP 400 whatever they mean, so they are told apart by <c>error.code</c>: rate limits (4, 17, 613,
/// 80000–80014) wait <c>estimated_time_to_regain_access</c> from <c>X-Business-Use-Case-Usage</c> (else back off);
/// 190 is a dead token, which Meta cannot refresh.
/// </summary>
public sealed class MetaAdsErrors(TimeSpan regainAccessUnit) : IPlatformErrors
{
    private const string UsageHeader = "X-Business-Use-Case-Usage";
    private const int ExpiredToken = 190;

    public string Platform => "Meta Ads";

    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now) => null;

    public string Describe(string body)
    {
        using var document = TryParse(body);
        if (document is null)
        {
            return JsonRead.Short(null);
        }

        var code = JsonRead.String(document.RootElement, "error", "code");
        var message = JsonRead.String(document.RootElement, "error", "message");
        return JsonRead.Short(code is null ? message : $"code {code}: {message}");
    }

    public PlatformFault? Interpret(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        using var document = TryParse(body);
        if (document is null || JsonRead.Int64(document.RootElement, "error", "code") is not { } code)
        {
            return null;
        }

        if (code == ExpiredToken)
        {
            return PlatformFault.Refuse(FailureClass.Auth,
                "Meta refused the access token (expired or revoked); Meta issues no refresh tokens, so the "
                + $"connector must be reconnected. {Describe(body)}");
        }

        if (IsThrottle(code))
        {
            return PlatformFault.Throttle(RegainDelay(response));
        }

        return JsonRead.Boolean(document.RootElement, "error", "is_transient") == true
            ? PlatformFault.Unavailable
            : null;
    }

    public string? TraceId(HttpResponseMessage response, string body)
    {
        using var document = TryParse(body);
        return document is null ? null : JsonRead.String(document.RootElement, "error", "fbtrace_id");
    }

    private static bool IsThrottle(long code) => code is 4 or 17 or 613 or (>= 80000 and <= 80014);

    // {"<business or account id>": [{"type": "ads_insights", "estimated_time_to_regain_access": <minutes>, ...}]}
    private TimeSpan? RegainDelay(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(UsageHeader, out var values))
        {
            return null;
        }

        using var usage = TryParse(string.Join("", values));
        if (usage is not { RootElement.ValueKind: JsonValueKind.Object })
        {
            return null;
        }

        var minutes = usage.RootElement.EnumerateObject()
            .Where(entry => entry.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(entry => entry.Value.EnumerateArray())
            .Select(item => JsonRead.Int64(item, "estimated_time_to_regain_access") ?? 0)
            .DefaultIfEmpty(0)
            .Max();
        return minutes > 0 ? regainAccessUnit * minutes : null;
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
