using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Sandbox.Tests;

/// <summary>A sandbox in memory and the steps a connector takes against it.</summary>
public sealed partial class SandboxClient : IDisposable
{
    public const string Redirect = "http://127.0.0.1:5082/api/connectors/callback";

    private readonly WebApplicationFactory<Program> _root = new();
    private readonly WebApplicationFactory<Program> _factory;

    public SandboxClient(TimeProvider? clock = null)
    {
        _factory = clock is null
            ? _root
            : _root.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton(clock)));
        Http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        _factory.Dispose();
        _root.Dispose();
    }

    /// <summary>Opens the consent screen, submits it and returns the callback's query.</summary>
    public async Task<Dictionary<string, string>> ConsentAsync(
        string authorizePath, string query, string decision = "allow", string? account = null)
    {
        var page = await Http.GetStringAsync($"{authorizePath}?{query}");
        var fields = HiddenInput()
            .Matches(page)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["decision"] = decision;
        fields["account"] = account ?? AccountValue().Match(page).Groups["value"].Value;
        var response = await Http.PostAsync(authorizePath + "/approve", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> PostFormAsync(
        string path, Dictionary<string, string> form, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = auth;
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpRequestMessage request)
    {
        var (status, body, _) = await SendWithHeadersAsync(request);
        return (status, body);
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(
        string path, string? bearer = null, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization =
            auth ?? (bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer));
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, JsonNode Body)> PostJsonAsync(
        string path, object body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer);
        return await SendAsync(request);
    }

    public async Task<JsonNode> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "/sandbox/admin" + path)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        var (status, json) = await SendAsync(request);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"admin call answered {status}");
        return json;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async Task<string> GoogleAdsTokenAsync(string account) =>
        AccessToken(await CodeGrantAsync(
            "google",
            "/google/accounts/o/oauth2/v2/auth",
            "response_type=code&scope=https://www.googleapis.com/auth/adwords&access_type=offline&state=s1",
            account,
            "/google/oauth2/token"));

    public async Task<string> HubSpotTokenAsync(string portal) =>
        AccessToken(await CodeGrantAsync(
            "hubspot",
            "/hubspot/app/oauth/authorize",
            "scope=oauth%20crm.objects.contacts.read",
            portal,
            "/hubspot/api/oauth/2026-03/token"));

    public async Task<string> GoogleAnalyticsTokenAsync(string property) =>
        AccessToken(await CodeGrantAsync(
            "google",
            "/google/accounts/o/oauth2/v2/auth",
            "response_type=code&scope=https://www.googleapis.com/auth/analytics.readonly&access_type=offline",
            property,
            "/google/oauth2/token"));

    /// <summary>Consent and code exchange at Meta; answers the short-lived user token.</summary>
    public async Task<string> MetaTokenAsync(string account)
    {
        var callback = await ConsentAsync(
            "/meta/www/v25.0/dialog/oauth",
            $"client_id=sandbox-meta-client&redirect_uri={Uri.EscapeDataString(Redirect)}&scope=ads_read&state=m",
            account: account);
        var (_, body) = await GetAsync(
            "/meta/graph/v25.0/oauth/access_token?client_id=sandbox-meta-client&client_secret=sandbox-meta-secret"
                + $"&redirect_uri={Uri.EscapeDataString(Redirect)}&code={Uri.EscapeDataString(callback["code"])}");
        return AccessToken(body);
    }

    public Task<JsonNode> LinkedInTokenAsync(string account) =>
        CodeGrantAsync(
            "linkedin",
            "/linkedin/www/oauth/v2/authorization",
            "response_type=code&scope=r_ads%20r_ads_reporting&state=l",
            account,
            "/linkedin/www/oauth/v2/accessToken");

    public async Task<string> QuickBooksTokenAsync(string realm) =>
        AccessToken(await CodeGrantAsync(
            "quickbooks",
            "/intuit/appcenter/connect/oauth2",
            "response_type=code&scope=com.intuit.quickbooks.accounting&state=q",
            realm,
            "/intuit/oauth/oauth2/v1/tokens/bearer",
            clientInBasicAuth: true));

    /// <summary>Sends a GET and answers the status, the body and the response headers.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseHeaders Headers)> GetWithHeadersAsync(
        string path, string bearer, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await SendWithHeadersAsync(request);
    }

    public static IEnumerable<string> Keys(JsonNode account, string stream) =>
        account["streams"]![stream]!["keys"]!.AsArray().Select(k => k!.GetValue<string>());

    /// <summary>
    /// The authorization-code grant as a connector runs it: consent for <paramref name="account"/> with the
    /// provider's registered client, then the code exchanged at <paramref name="tokenPath"/>, the client named in
    /// the form or, where the provider asks for it, in a Basic header. Answers the token response.
    /// </summary>
    private async Task<JsonNode> CodeGrantAsync(
        string provider,
        string authorizePath,
        string query,
        string account,
        string tokenPath,
        bool clientInBasicAuth = false)
    {
        var (clientId, clientSecret) = ($"sandbox-{provider}-client", $"sandbox-{provider}-secret");
        var callback = await ConsentAsync(
            authorizePath,
            $"client_id={clientId}&redirect_uri={Uri.EscapeDataString(Redirect)}&{query}",
            account: account);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = callback["code"],
            ["redirect_uri"] = Redirect,
        };
        if (!clientInBasicAuth)
        {
            form["client_id"] = clientId;
            form["client_secret"] = clientSecret;
        }

        var (_, body) = await PostFormAsync(tokenPath, form, clientInBasicAuth ? Basic(clientId, clientSecret) : null);
        return body;
    }

    private static string AccessToken(JsonNode tokenResponse) => tokenResponse["access_token"]!.GetValue<string>();

    private async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseHeaders Headers)> SendWithHeadersAsync(
        HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!, response.Headers);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"account\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex AccountValue();
}
