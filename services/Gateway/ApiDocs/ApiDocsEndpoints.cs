using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Gateway.ApiDocs;

/// <summary>
/// The public API's description: <c>/openapi/v1.json</c> (a static file, written by hand to match the services'
/// endpoints) and <c>/docs</c>, a page that renders it with the gateway's own script, no external assets.
/// </summary>
public static class ApiDocsEndpoints
{
    private const string DocsFile = "docs/index.html";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docs", DocsPage).AllowAnonymous();
        return app;
    }

    public static Results<FileStreamHttpResult, NotFound> DocsPage(IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(DocsFile);
        return file.Exists
            ? TypedResults.Stream(file.CreateReadStream(), "text/html; charset=utf-8")
            : TypedResults.NotFound();
    }
}
