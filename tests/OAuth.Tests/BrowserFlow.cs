using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.OAuth.Tests;

/// <summary>Drives a browser through the consent round trip, the platform's side played by the test.</summary>
public static class BrowserFlow
{
    public static async Task<Dictionary<string, string>> StartAsync(
        OAuthApp app,
        HttpClient browser,
        Guid project,
        string type)
    {
        var response = await app.SendAsync(browser, HttpMethod.Get, $"/api/connectors/{type}/auth", project);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return Query(response.Headers.Location!);
    }

    public static Task<HttpResponseMessage> CallbackAsync(
        OAuthApp app,
        HttpClient browser,
        string type,
        string query) =>
        app.SendAsync(browser, HttpMethod.Get, $"/api/connectors/{type}/callback?{query}", project: null);

    /// <summary>Starts and completes a consent with a code, the way the platform would send the browser back.</summary>
    public static async Task<HttpResponseMessage> ConnectAsync(
        OAuthApp app,
        Guid project,
        string type,
        string extraQuery = "")
    {
        using var browser = app.Browser();
        var authorize = await StartAsync(app, browser, project, type);
        return await CallbackAsync(
            app, browser, type, $"code=the-code&state={Uri.EscapeDataString(authorize["state"])}{extraQuery}");
    }

    public static Dictionary<string, string> Query(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static string? ContentType(this HttpResponseMessage response) =>
        response.Content.Headers.ContentType is MediaTypeHeaderValue type ? type.MediaType : null;
}
