using Connectors.Contracts;

namespace Connectors.ServiceDefaults.Platforms;

/// <summary>
/// The provider sandbox serves each real host under a path prefix. When <c>Sandbox:BaseUrl</c> is set, these
/// settings take the place of the real hosts for every platform, with the sandbox's registered clients.
/// </summary>
public static class SandboxPlatforms
{
    public const string BaseUrlKey = "Sandbox:BaseUrl";

    /// <summary>
    /// Where a browser reaches the sandbox, when not at <see cref="BaseUrlKey"/> (e.g. in Docker Compose the services
    /// call <c>http://sandbox:8080</c> while the browser opens <c>http://localhost:5090</c>). Only the consent
    /// pages (<c>AuthorizeUrl</c>) use it.
    /// </summary>
    public const string BrowserBaseUrlKey = "Sandbox:BrowserBaseUrl";

    public static IEnumerable<KeyValuePair<string, string?>> Settings(string baseUrl, string? browserBaseUrl = null)
    {
        var b = baseUrl.TrimEnd('/');
        var browser = string.IsNullOrWhiteSpace(browserBaseUrl) ? b : browserBaseUrl.TrimEnd('/');
        var google = Client("google");
        return
        [
            .. Platform(ConnectorTypes.GoogleAds, google, new()
            {
                ["AuthorizeUrl"] = $"{browser}/google/accounts/o/oauth2/v2/auth",
                ["TokenUrl"] = $"{b}/google/oauth2/token",
                ["RevokeUrl"] = $"{b}/google/oauth2/revoke",
                ["ApiBaseUrl"] = $"{b}/google/ads",
            }),
            .. Platform(ConnectorTypes.GoogleAnalytics, google, new()
            {
                ["AuthorizeUrl"] = $"{browser}/google/accounts/o/oauth2/v2/auth",
                ["TokenUrl"] = $"{b}/google/oauth2/token",
                ["RevokeUrl"] = $"{b}/google/oauth2/revoke",
                ["ApiBaseUrl"] = $"{b}/google/analyticsdata",
                ["AdminApiBaseUrl"] = $"{b}/google/analyticsadmin",
            }),
            .. Platform(ConnectorTypes.HubSpot, Client("hubspot"), new()
            {
                ["AuthorizeUrl"] = $"{browser}/hubspot/app/oauth/authorize",
                ["TokenUrl"] = $"{b}/hubspot/api/oauth/2026-03/token",
                ["RevokeUrl"] = $"{b}/hubspot/api/oauth/2026-03/token/revoke",
                ["IntrospectUrl"] = $"{b}/hubspot/api/oauth/2026-03/token/introspect",
                ["ApiBaseUrl"] = $"{b}/hubspot/api",
            }),
            .. Platform(ConnectorTypes.Stripe, Client("stripe"), new()
            {
                ["AuthorizeUrl"] = $"{browser}/stripe/connect/oauth/authorize",
                ["TokenUrl"] = $"{b}/stripe/connect/oauth/token",
                ["RevokeUrl"] = $"{b}/stripe/connect/oauth/deauthorize",
                ["ApiBaseUrl"] = $"{b}/stripe/api",
            }),
            .. Platform(ConnectorTypes.MetaAds, Client("meta"), new()
            {
                ["AuthorizeUrl"] = $"{browser}/meta/www/v25.0/dialog/oauth",
                ["TokenUrl"] = $"{b}/meta/graph/v25.0/oauth/access_token",
                ["RevokeUrl"] = $"{b}/meta/graph/v25.0/me/permissions",
                ["IntrospectUrl"] = $"{b}/meta/graph/debug_token",
                ["ApiBaseUrl"] = $"{b}/meta/graph",
            }),
            .. Platform(ConnectorTypes.LinkedInAds, Client("linkedin"), new()
            {
                ["AuthorizeUrl"] = $"{browser}/linkedin/www/oauth/v2/authorization",
                ["TokenUrl"] = $"{b}/linkedin/www/oauth/v2/accessToken",
                ["RevokeUrl"] = $"{b}/linkedin/www/oauth/v2/revoke",
                ["IntrospectUrl"] = $"{b}/linkedin/www/oauth/v2/introspectToken",
                ["ApiBaseUrl"] = $"{b}/linkedin/api",
            }),
            .. Platform(ConnectorTypes.QuickBooks, Client("quickbooks"), new()
            {
                ["AuthorizeUrl"] = $"{browser}/intuit/appcenter/connect/oauth2",
                ["TokenUrl"] = $"{b}/intuit/oauth/oauth2/v1/tokens/bearer",
                ["RevokeUrl"] = $"{b}/intuit/developer/v2/oauth2/tokens/revoke",
                ["ApiBaseUrl"] = $"{b}/intuit/quickbooks",
            }),
        ];
    }

    // The sandbox's own registered clients; they open nothing but the sandbox.
    private static (string Id, string Secret) Client(string platform) =>
        ($"sandbox-{platform}-client", $"sandbox-{platform}-secret");

    private static IEnumerable<KeyValuePair<string, string?>> Platform(
        string type,
        (string Id, string Secret) client,
        Dictionary<string, string> urls)
    {
        var prefix = $"{PlatformOptions.SectionName}:{type}:";
        yield return new(prefix + nameof(PlatformOptions.ClientId), client.Id);
        yield return new(prefix + nameof(PlatformOptions.ClientSecret), client.Secret);
        foreach (var (key, value) in urls)
        {
            yield return new(prefix + key, value);
        }
    }
}
