using System.Text.Json;
using Connectors.Workers.Http;

namespace Connectors.Workers.Platforms.Stripe;

/// <summary>Stripe's error object: <c>{"error":{"type","code","message",…}}</c>. Stripe sends no wait hint.</summary>
public sealed class StripeErrors : IPlatformErrors
{
    public static StripeErrors Instance { get; } = new();

    public string Platform => "Stripe";

    public TimeSpan? ThrottleDelay(string body, DateTimeOffset now) => null;

    public string Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var type = JsonRead.String(document.RootElement, "error", "type");
            var message = JsonRead.String(document.RootElement, "error", "message");
            return JsonRead.Short(type is null ? message : $"{type}: {message}");
        }
        catch (JsonException)
        {
            return JsonRead.Short(null);
        }
    }
}
