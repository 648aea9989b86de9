using System.Text.Encodings.Web;

namespace Connectors.Gateway.Dashboard;

/// <summary>The sign-in page: one labelled API-key field, and the reason when a key was refused.</summary>
internal static class LoginPage
{
    private const string Template = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="referrer" content="same-origin">
          <title>{0}Sign in · Connectors</title>
          <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
        </head>
        <body>
          <main class="page narrow">
            <h1>Sign in to Connectors</h1>
            <p>Enter an API key of your project. The key is checked and a session cookie keeps you signed in.</p>
            {1}
            <form method="post" action="/dashboard/login" class="stack">
              <label for="api-key">API key</label>
              <input id="api-key" name="apiKey" type="password" required autocomplete="off" spellcheck="false"
                     autofocus aria-describedby="{2}"{3}>
              <p id="api-key-hint" class="hint">It starts with <code>cnk_</code>. Your operator can issue one.</p>
              <input type="hidden" name="returnUrl" value="{4}">
              <button type="submit">Sign in</button>
            </form>
          </main>
        </body>
        </html>
        """;

    public static string Render(string? error, string? returnUrl)
    {
        var html = HtmlEncoder.Default;
        var errorBlock = error is null
            ? ""
            : $"""<p id="api-key-error" class="banner banner-error" role="alert">{html.Encode(error)}</p>""";
        return string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            Template,
            error is null ? "" : "Error: ",
            errorBlock,
            error is null ? "api-key-hint" : "api-key-error api-key-hint",
            error is null ? "" : " aria-invalid=\"true\"",
            html.Encode(LocalUrl.OrHome(returnUrl)));
    }
}
