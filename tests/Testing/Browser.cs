using System.Net;
using System.Text.RegularExpressions;

namespace Connectors.Testing;

/// <summary>
/// A cookie-keeping HTTP client that follows redirects one hop at a time, as a browser does, so a test can see
/// every stop of the OAuth dance and fill in the sandbox's consent form.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _client;

    public Browser(Uri gateway)
    {
        Gateway = gateway;
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public CookieContainer Cookies { get; } = new();

    public Uri Gateway { get; }

    /// <summary>Signs in on the dashboard's sign-in page with a project API key.</summary>
    public async Task SignInAsync(string apiKey)
    {
        var response = await _client.PostAsync(
            new Uri(Gateway, "/dashboard/login"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = apiKey }));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found))
        {
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}.");
        }
    }

    public Task<HttpResponseMessage> GetAsync(Uri url) => _client.GetAsync(url);

    /// <summary>Follows redirects from <paramref name="url"/> until a page that is not a redirect.</summary>
    public async Task<(Uri Url, HttpResponseMessage Response)> FollowAsync(Uri url)
    {
        var response = await _client.GetAsync(url);
        for (var hops = 0; IsRedirect(response) && hops < 10; hops++)
        {
            url = new Uri(url, response.Headers.Location!);
            response = await _client.GetAsync(url);
        }

        return (url, response);
    }

    /// <summary>
    /// Walks a whole OAuth connection: opens the product's auth URL, lands on the platform's consent page, sets
    /// the account field, presses the button named <paramref name="decision"/> and follows the platform's redirect
    /// back through the callback to the dashboard. Returns where the browser ends.
    /// </summary>
    public async Task<Uri> ConnectAsync(string type, string account, string decision = "allow")
    {
        var (consentUrl, consent) = await FollowAsync(new Uri(Gateway, $"/api/connectors/{type}/auth"));
        var html = await consent.Content.ReadAsStringAsync();
        if (consent.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The consent page answered {(int)consent.StatusCode}: {html}");
        }

        var form = FormPattern().Match(html);
        if (!form.Success)
        {
            throw new InvalidOperationException("The consent page has no form: " + html);
        }

        var fields = InputPattern().Matches(form.Value)
            .Select(input => (Name: Attribute(input.Value, "name"), Value: Attribute(input.Value, "value")))
            .Where(field => field.Name is not null)
            .ToDictionary(field => field.Name!, field => field.Value ?? "");
        fields["account"] = account;
        fields["decision"] = decision;

        var action = new Uri(
            consentUrl,
            WebUtility.HtmlDecode(Attribute(form.Value, "action") ?? consentUrl.ToString()));
        var response = await _client.PostAsync(action, new FormUrlEncodedContent(fields));
        if (!IsRedirect(response))
        {
            throw new InvalidOperationException(
                $"The consent form answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var (landed, _) = await FollowAsync(new Uri(action, response.Headers.Location!));
        return landed;
    }

    public void Dispose() => _client.Dispose();

    private static bool IsRedirect(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is not null;

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"""\b{name}\s*=\s*("([^"]*)"|'([^']*)')""", RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            return null;
        }

        return WebUtility.HtmlDecode(match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value);
    }

    [GeneratedRegex(
        """<form[^>]*method\s*=\s*["']?post["']?[^>]*>.*?</form>""",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input\b[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();
}
