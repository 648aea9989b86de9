using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Connectors.OAuth.Platforms;

/// <summary>
/// Sends a request to a platform and sorts failures: unreachable, timed out, 5xx and 429 are transient; any other
/// refusal goes to the caller's <c>refused</c> function, which reads the platform's own error body.
/// </summary>
internal static class PlatformHttp
{
    public static async Task<JsonElement?> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        string platform,
        Func<HttpStatusCode, JsonElement?, PlatformException> refused,
        CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await TrySendAsync(client, request, platform, cancellationToken))
        {
            var body = await TryReadJsonAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var status = (int)response.StatusCode;
                throw new PlatformException(
                    PlatformFailure.Transient, $"{platform} is unavailable right now (HTTP {status}).");
            }

            throw refused(response.StatusCode, body);
        }
    }

    /// <summary>Like <see cref="SendAsync"/>, for calls whose answer must be a JSON document.</summary>
    public static async Task<JsonElement> SendForJsonAsync(
        HttpClient client,
        HttpRequestMessage request,
        string platform,
        Func<HttpStatusCode, JsonElement?, PlatformException> refused,
        CancellationToken cancellationToken) =>
        await SendAsync(client, request, platform, refused, cancellationToken)
            ?? throw new PlatformException(PlatformFailure.Rejected, $"{platform} answered with an unreadable body.");

    public static HttpRequestMessage Bearer(HttpMethod method, string url, string accessToken)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>A refusal of an API call (not a token call): the status is all a user needs.</summary>
    public static Func<HttpStatusCode, JsonElement?, PlatformException> Refused(string platform, string what) =>
        (status, _) => new PlatformException(
            PlatformFailure.Rejected, $"{platform} refused {what} (HTTP {(int)status}).");

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>The first item of an array property, if there is one.</summary>
    public static JsonElement? First(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0
            ? array[0]
            : null;

    /// <summary>The items of an array property; none when it is missing or not an array.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    private static async Task<HttpResponseMessage> TrySendAsync(
        HttpClient client,
        HttpRequestMessage request,
        string platform,
        CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new PlatformException(
                PlatformFailure.Transient, $"{platform} could not be reached ({exception.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PlatformException(PlatformFailure.Transient, $"{platform} did not answer in time.");
        }
    }

    private static async Task<JsonElement?> TryReadJsonAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
