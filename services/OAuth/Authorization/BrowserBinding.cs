using Connectors.OAuth.Options;
using Connectors.OAuth.Security;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Authorization;

/// <summary>
/// Binds an authorization to the browser that started it: a random value in an HttpOnly, SameSite=Lax cookie,
/// whose hash is kept with the state. A callback opened in another browser (a forwarded or stolen link) lacks it.
/// </summary>
public sealed class BrowserBinding(IOptions<OAuthOptions> options, IOptions<PublicOptions> publicOptions)
{
    public const string CookieName = "cnx_oauth";

    private const string CookiePath = "/api/connectors";

    /// <summary>
    /// The browser's value, created when absent. An existing one is kept so that flows started in two tabs at
    /// once both finish.
    /// </summary>
    public string GetOrCreate(HttpContext context)
    {
        var value = Read(context) ?? RandomValues.New();
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = publicOptions.Value.IsHttps,
            Path = CookiePath,
            MaxAge = options.Value.StateLifetime,
            IsEssential = true,
        });
        return value;
    }

    public static string? Read(HttpContext context) =>
        context.Request.Cookies[CookieName] is { } value && RandomValues.IsWellFormed(value) ? value : null;
}
