using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Connectors.OAuth.Tests;

/// <summary>A request the fake received, with its form or JSON body and headers as text.</summary>
public sealed record ReceivedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Form,
    string Body,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Google, HubSpot, QuickBooks and Stripe endpoints plus the connector registry, on a real Kestrel server on
/// 127.0.0.1, with replies a test can replace. Every request is recorded.
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentQueue<string> _issuedTokens = new();
    private static readonly JsonSerializerOptions _asWritten = new();

    private WebApplication? _app;
    private int _issued;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Replies of the token endpoints by platform prefix (google, hubspot, intuit); default: tokens.</summary>
    public ConcurrentDictionary<string, Func<ReceivedRequest, IResult>> TokenReplies { get; } = new();

    /// <summary>Replies of the revocation endpoints by platform prefix; default: 200.</summary>
    public ConcurrentDictionary<string, Func<IResult>> RevokeReplies { get; } = new();

    /// <summary>The reply of Stripe's <c>/v1/account</c>; default: an account named "Acme Payments".</summary>
    public Func<ReceivedRequest, IResult>? StripeAccountReply { get; set; }

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>Every access and refresh token the fake has issued.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issuedTokens];

    public IReadOnlyList<ReceivedRequest> To(string path) => [.. _received.Where(r => r.Path == path)];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            _received.Enqueue(await RecordAsync(context.Request));
            await next(context);
        });
        MapGoogle(_app);
        MapHubSpot(_app);
        MapQuickBooks(_app);
        MapStripe(_app);
        _app.MapPut("/registry/internal/connectors/{type}", () => Results.Ok());
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();
    }

    /// <summary>Forgets recorded requests and custom replies (tests of a class share one fake).</summary>
    public void Reset()
    {
        _received.Clear();
        _issuedTokens.Clear();
        TokenReplies.Clear();
        RevokeReplies.Clear();
        StripeAccountReply = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A token reply with fresh, unique tokens.</summary>
    public IResult IssueTokens(bool withRefreshToken, int expiresIn = 3600)
    {
        var n = Interlocked.Increment(ref _issued);
        var body = new Dictionary<string, object>
        {
            ["access_token"] = Issue($"access-{n}-{Guid.NewGuid():N}"),
            ["expires_in"] = expiresIn,
            ["token_type"] = "Bearer",
            ["scope"] = "granted-scope",
        };
        if (withRefreshToken)
        {
            body["refresh_token"] = Issue($"refresh-{n}-{Guid.NewGuid():N}");
        }

        return Results.Json(body);
    }

    private string Issue(string token)
    {
        _issuedTokens.Enqueue(token);
        return token;
    }

    private void MapGoogle(IEndpointRouteBuilder app)
    {
        app.MapPost("/google/token", (HttpContext c) => Token("google", c));
        app.MapPost("/google/revoke", () => Revoke("google"));
        app.MapGet("/google/ads/v25/customers:listAccessibleCustomers", () =>
            Results.Json(new { resourceNames = new[] { "customers/1234567890", "customers/555" } }));
        app.MapPost("/google/ads/v25/customers/{id}/googleAds:search", (string id) => Results.Json(new
        {
            results = new[] { new { customer = new { id, descriptiveName = "Acme Ads" } } },
        }));
    }

    private void MapHubSpot(IEndpointRouteBuilder app)
    {
        app.MapPost("/hubspot/token", (HttpContext c) => Token("hubspot", c));
        app.MapPost("/hubspot/revoke", () => Revoke("hubspot"));
        app.MapPost("/hubspot/introspect", () => Results.Json(new { active = true, hub_domain = "acme.hubspot.com" }));
        app.MapGet("/hubspot/api/account-info/v3/details", () => Results.Json(new { portalId = 424242 }));
    }

    private void MapQuickBooks(IEndpointRouteBuilder app)
    {
        app.MapPost("/intuit/token", (HttpContext c) => Token("intuit", c));
        app.MapPost("/intuit/revoke", () => Revoke("intuit"));
        app.MapGet("/intuit/api/v3/company/{realm}/companyinfo/{same}", (string realm) =>
            Results.Json(new { CompanyInfo = new { Id = realm, CompanyName = "Acme Books LLC" } }, _asWritten));
    }

    private void MapStripe(IEndpointRouteBuilder app) =>
        app.MapGet("/stripe/v1/account", (HttpContext c) => StripeAccountReply?.Invoke(Last(c)) ?? Results.Json(new
        {
            id = "acct_123",
            business_profile = new { name = "Acme Payments" },
        }));

    private IResult Token(string platform, HttpContext context) =>
        TokenReplies.TryGetValue(platform, out var reply)
            ? reply(Last(context))
            : IssueTokens(withRefreshToken: true);

    private IResult Revoke(string platform) =>
        RevokeReplies.TryGetValue(platform, out var reply) ? reply() : Results.Ok();

    private static ReceivedRequest Last(HttpContext context) => (ReceivedRequest)context.Items["received"]!;

    private static async Task<ReceivedRequest> RecordAsync(HttpRequest request)
    {
        var form = new Dictionary<string, string>();
        var body = "";
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                form[key] = value.ToString();
            }
        }
        else
        {
            request.EnableBuffering();
            body = await new StreamReader(request.Body).ReadToEndAsync();
            request.Body.Position = 0;
        }

        var received = new ReceivedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            form,
            body,
            request.Headers.ToDictionary(
                pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        request.HttpContext.Items["received"] = received;
        return received;
    }
}
