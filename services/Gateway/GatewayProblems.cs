namespace Connectors.Gateway;

/// <summary>Problem documents the gateway answers itself (before any backend is reached).</summary>
internal static class GatewayProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
