using System.Text.Encodings.Web;

namespace Connectors.OAuth.Authorization;

/// <summary>The small HTML page a browser sees when a callback is refused.</summary>
public static class CallbackPage
{
    private const string DashboardPath = "/dashboard/sensors";

    public static string Render(CallbackOutcome.Refused refused)
    {
        var title = HtmlEncoder.Default.Encode(refused.Title);
        var explanation = HtmlEncoder.Default.Encode(refused.Explanation);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{title}}</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; }
                h1 { font-size: 1.4rem; }
              </style>
            </head>
            <body>
              <h1>{{title}}</h1>
              <p>{{explanation}}</p>
              <p><a href="{{DashboardPath}}">Back to your connectors</a></p>
            </body>
            </html>
            """;
    }
}
