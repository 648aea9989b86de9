namespace Connectors.Sandbox.State;

/// <summary>What the sandbox served, for tests that count calls. Holds no query strings, bodies or secrets.</summary>
internal sealed class RequestLog
{
    private const int Capacity = 20_000;

    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];

    public void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count >= Capacity)
            {
                _entries.RemoveAt(0);
            }

            _entries.Add(entry);
        }
    }

    public IReadOnlyList<RequestLogEntry> Find(string? platform, string? accountId)
    {
        lock (_gate)
        {
            return _entries
                .Where(e => platform is null || e.Platform == platform || e.Provider == platform)
                .Where(e => accountId is null || e.AccountId == accountId)
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }
}

internal sealed record RequestLogEntry(
    string Method,
    string Path,
    int Status,
    DateTimeOffset Time,
    string Kind,
    string? Provider,
    string? Platform,
    string? AccountId);

/// <summary>Lets an endpoint say what a request was, so the log can record it once the response is sent.</summary>
internal sealed class RequestTag
{
    private static readonly object Key = new();

    public string Kind { get; set; } = "other";

    public string? Provider { get; set; }

    public string? Platform { get; set; }

    public string? AccountId { get; set; }

    public string? Path { get; set; }

    public static RequestTag Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var value) && value is RequestTag tag)
        {
            return tag;
        }

        tag = new RequestTag();
        context.Items[Key] = tag;
        return tag;
    }

    public static RequestTag Mark(HttpContext context, string kind, string provider, string? platform = null)
    {
        var tag = Of(context);
        tag.Kind = kind;
        tag.Provider = provider;
        tag.Platform = platform ?? tag.Platform;
        return tag;
    }

    public void Bind(Grant grant)
    {
        Platform = grant.Product;
        AccountId = grant.AccountId;
    }
}

internal static class RequestLogMiddleware
{
    public static IApplicationBuilder UseSandboxRequestLog(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Request.Path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var tag = RequestTag.Of(context);
            var log = context.RequestServices.GetRequiredService<RequestLog>();
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            log.Add(new RequestLogEntry(
                context.Request.Method,
                tag.Path ?? context.Request.Path.Value ?? "/",
                context.Response.StatusCode,
                clock.GetUtcNow(),
                tag.Kind,
                tag.Provider,
                tag.Platform,
                tag.AccountId));
        });
}
