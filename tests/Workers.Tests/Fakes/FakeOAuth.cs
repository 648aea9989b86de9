using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>One call the worker made to the token endpoint.</summary>
public sealed record TokenCall(string Type, Guid ProjectId, bool ForceRefresh, string? RejectedAccessToken);

/// <summary>
/// The OAuth service's <c>POST /internal/tokens/{type}</c>: checks the caller signature, hands out tokens of the
/// form <c>{type}.{project}.{version}</c> (a forced refresh bumps the version) and answers 409 for revoked grants.
/// </summary>
public sealed class FakeOAuth : IAsyncDisposable
{
    public const string RevokedReason = "The platform refused the refresh token; reconnect the connector.";

    public const string GoogleCustomerId = "123-456-7890";

    private readonly CallerSignature _signature;
    private readonly ConcurrentDictionary<(string, Guid), int> _versions = new();
    private WebApplication? _app;

    public FakeOAuth(string signingKey)
    {
        _signature = new CallerSignature(
            Options.Create(new InternalOptions { SigningKey = signingKey }), TimeProvider.System);
    }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<TokenCall> Calls { get; } = new();

    public ConcurrentDictionary<Guid, bool> Revoked { get; } = new();

    public async Task StartAsync() =>
        (_app, Url) = await FakeServer.StartAsync(app => app.MapPost("/internal/tokens/{type}", IssueAsync));

    public static Guid ProjectOf(string token) => Guid.ParseExact(token.Split('.')[1], "N");

    public static int VersionOf(string token) =>
        int.Parse(token.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IResult> IssueAsync(string type, HttpRequest request)
    {
        if (!_signature.TryVerify(request.Headers[CallerSignature.HeaderName], out var caller)
            || caller.ProjectId is not { } project)
        {
            return Results.Problem(statusCode: 401, title: "Unauthorized");
        }

        var body = await JsonNode.ParseAsync(request.Body) ?? new JsonObject();
        var force = body["forceRefresh"]?.GetValue<bool>() ?? false;
        Calls.Enqueue(new TokenCall(type, project, force, body["rejectedAccessToken"]?.GetValue<string>()));
        if (Revoked.ContainsKey(project))
        {
            return FakeServer.Json(new JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                ["title"] = "Reconnect required",
                ["status"] = 409,
                ["detail"] = "The connector must be reconnected.",
                ["reason"] = RevokedReason,
            }, 409);
        }

        var version = _versions.AddOrUpdate((type, project), 1, (_, current) => force ? current + 1 : current);
        return FakeServer.Json(new JsonObject
        {
            ["accessToken"] = $"{type}.{project:N}.{version}",
            ["expiresAt"] = DateTimeOffset.UtcNow.AddHours(1).ToString("o"),
            ["accountId"] = AccountIdOf(type),
            ["metadata"] = type == "quickbooks"
                ? new JsonObject { ["realmId"] = FakePlatforms.RealmId }
                : new JsonObject(),
        });
    }

    private static string AccountIdOf(string type) => type switch
    {
        "google_ads" => GoogleCustomerId,
        "google_analytics" => FakePlatforms.AnalyticsProperty,
        "meta_ads" => $"act_{FakePlatforms.MetaAccountId}",
        "linkedin_ads" => FakePlatforms.LinkedInAccountId,
        "quickbooks" => FakePlatforms.RealmId,
        _ => "acct_1",
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
