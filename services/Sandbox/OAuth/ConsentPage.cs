using System.Net;
using System.Text;

namespace Connectors.Sandbox.OAuth;

/// <summary>HTML pages shown by the sandbox's authorize endpoints.</summary>
internal static class ConsentPage
{
    public static string Render(
        AuthorizeProfile profile, string approvePath, IEnumerable<KeyValuePair<string, string>> parameters,
        IReadOnlyList<string> scopes, string defaultAccount, string clientId)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(profile.DisplayName)).Append(" – Sign in (sandbox)</title></head><body>")
            .Append("<h1>").Append(Encode(profile.DisplayName)).Append("</h1>")
            .Append("<p>The application <strong>").Append(Encode(clientId))
            .Append("</strong> asks for access to your account.</p><h2>Requested scopes</h2><ul>");
        foreach (var scope in scopes)
        {
            html.Append("<li class=\"scope\">").Append(Encode(scope)).Append("</li>");
        }

        html.Append("</ul><form method=\"post\" action=\"").Append(Encode(approvePath)).Append("\">");
        foreach (var (name, value) in parameters)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(Encode(name))
                .Append("\" value=\"").Append(Encode(value)).Append("\">");
        }

        html.Append("<label for=\"account\">Account</label> ")
            .Append("<input type=\"text\" id=\"account\" name=\"account\" value=\"")
            .Append(Encode(defaultAccount)).Append("\"> ")
            .Append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> ")
            .Append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>")
            .Append("</form></body></html>");
        return html.ToString();
    }

    public static string Error(AuthorizeProfile profile, string error, string description)
    {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + Encode(profile.DisplayName)
            + " – Error</title></head><body><h1>" + Encode(profile.DisplayName) + "</h1>"
            + "<h2>Authorization error</h2><p>Error 400: <code class=\"error\">" + Encode(error) + "</code></p>"
            + "<p class=\"error-description\">" + Encode(description) + "</p></body></html>";
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
