using System.Buffers;
using System.Globalization;
using System.Text;

namespace Connectors.Benchmarks.Hosts;

/// <summary>
/// A platform for the ingest benchmark that speaks Stripe's list protocol (<c>GET /v1/account</c>,
/// <c>GET /v1/{resource}?limit&amp;starting_after&amp;created[gte]</c>) and serves each page in time proportional to
/// the page, from charges generated once at start. Every other resource is empty. Any API key opens it.
/// Settings: <c>Bench:Records</c>, <c>Bench:Anchor</c> (unix seconds), <c>--urls</c>.
/// </summary>
public static class StripeStub
{
    private static readonly byte[] Account = Encoding.UTF8.GetBytes(
        """{"id":"acct_bench","object":"account","business_profile":{"name":"Bench Payments"}}""");

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // The Workers project's appsettings land in this program's folder; a helper host logs warnings only.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        var count = int.Parse(builder.Configuration["Bench:Records"] ?? "200000", CultureInfo.InvariantCulture);
        var anchor = long.Parse(builder.Configuration["Bench:Anchor"] ?? "0", CultureInfo.InvariantCulture);
        var charges = ChargeData.Generate(count, anchor);
        var positions = new Dictionary<string, int>(count);
        for (var i = 0; i < charges.Length; i++)
        {
            positions[charges[i].Id] = i;
        }

        var app = builder.Build();
        app.MapGet("/bench/ready", () => "ready");
        app.MapGet("/v1/account", (HttpContext context) => WriteAsync(context, Account));
        app.MapGet("/v1/{resource}", (HttpContext context, string resource) =>
            resource == "charges" ? PageAsync(context, charges, positions) : WriteAsync(context, Empty(resource)));
        await app.RunAsync();
        return 0;
    }

    private static async Task PageAsync(HttpContext context, Charge[] charges, Dictionary<string, int> positions)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 10;
        var after = query["starting_after"].ToString();
        var start = after.Length > 0 && positions.TryGetValue(after, out var position) ? position + 1 : 0;
        var end = long.TryParse(query["created[gte]"], CultureInfo.InvariantCulture, out var from)
            ? CountCreatedSince(charges, from)
            : charges.Length;
        var stop = Math.Min(end, start + limit);
        var hasMore = stop < end;

        context.Response.ContentType = "application/json";
        var body = context.Response.BodyWriter;
        var more = hasMore ? "true" : "false";
        Write(body, $$"""{"object":"list","url":"/v1/charges","has_more":{{more}},"data":[""");
        for (var i = start; i < stop; i++)
        {
            if (i > start)
            {
                Write(body, ",");
            }

            body.Write(charges[i].Json);
        }

        Write(body, "]}");
        await body.FlushAsync(context.RequestAborted);
    }

    // Charges are newest first, so those created at or after a time are a prefix.
    private static int CountCreatedSince(Charge[] charges, long from)
    {
        int low = 0, high = charges.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (charges[middle].Created >= from)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static byte[] Empty(string resource) => Encoding.UTF8.GetBytes(
        $$"""{"object":"list","url":"/v1/{{resource}}","has_more":false,"data":[]}""");

    private static void Write(System.IO.Pipelines.PipeWriter writer, string text) =>
        writer.Write(Encoding.UTF8.GetBytes(text));

    private static async Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
