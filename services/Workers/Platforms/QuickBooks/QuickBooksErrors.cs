using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Http;

namespace Connectors.Workers.Platforms.QuickBooks;

/// <summary>
/// Intuit's fault body: <c>{"Fault":{"Error":[{"Message","Detail","code"}],"type"},"time"}</c>, also inside a 200.
/// A 429 names no delay: Intuit asks for a wait of a minute (<c>Workers:QuickBooksThrottleDelay</c>). Each failed
/// answer's <c>intuit_tid</c> header is logged for Intuit's support.
/// </summary>
public sealed class QuickBooksErrors(TimeSpan throttleDelay) : IPlatformErrors
{
    private const string TraceHeader = "intuit_tid";

    public string Platform => "QuickBooks";

    public bool FaultsInSuccessfulAnswers => true;

    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now) => throttleDelay;

    public string Describe(string body)
    {
        using var document = TryParse(body);
        if (document is null || JsonRead.Path(document.RootElement, "Fault") is not { } fault)
        {
            return JsonRead.Short(null);
        }

        var type = JsonRead.String(fault, "type");
        var text = JsonRead.Path(fault, "Error") is { ValueKind: JsonValueKind.Array } errors
            && errors.GetArrayLength() > 0
                ? Error(errors[0])
                : null;
        return JsonRead.Short(type is null ? text : $"{type} {text}");
    }

    public PlatformFault? Interpret(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        // An unsuccessful answer keeps the meaning of its status; a 200 is read for a fault only when it has one.
        if (!response.IsSuccessStatusCode || !body.Contains("\"Fault\"", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = TryParse(body);
        return document is not null && JsonRead.Path(document.RootElement, "Fault") is { } fault
            ? FaultIn200(JsonRead.String(fault, "type"), body)
            : null;
    }

    public string? TraceId(HttpResponseMessage response, string body) =>
        response.Headers.TryGetValues(TraceHeader, out var values) ? values.FirstOrDefault() : null;

    private PlatformFault FaultIn200(string? type, string body) => type switch
    {
        "AuthenticationFault" => PlatformFault.TokenRefused,
        "SystemFault" => PlatformFault.Unavailable,
        "AuthorizationFault" => PlatformFault.Refuse(FailureClass.Auth,
            $"QuickBooks refused access to the company: {Describe(body)}"),
        _ => PlatformFault.Refuse(FailureClass.Bug, $"QuickBooks answered with a fault: {Describe(body)}"),
    };

    private static string Error(JsonElement error) =>
        $"{JsonRead.String(error, "code")} {JsonRead.String(error, "Message")}: {JsonRead.String(error, "Detail")}";

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
