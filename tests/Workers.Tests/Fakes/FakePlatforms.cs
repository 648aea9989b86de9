using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>
/// The seven platforms under the sandbox's path prefixes, serving each project's
/// <see cref="FakeAccount"/> in the platforms' real shapes. The project is read from the bearer token.
/// </summary>
public sealed partial class FakePlatforms : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, FakeAccount> _accounts = new();
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Rows per Google Ads search page (10,000 at Google).</summary>
    public int GooglePageSize { get; init; } = 4;

    /// <summary>How far a HubSpot search may page (10,000 at HubSpot); paging past it answers 400.</summary>
    public int HubSpotSearchCap { get; init; } = 10_000;

    public FakeAccount Account(Guid projectId) => _accounts.GetOrAdd(projectId, _ => new FakeAccount());

    public async Task StartAsync() => (_app, Url) = await FakeServer.StartAsync(app =>
    {
        app.MapPost("/google/ads/{**path}", GoogleSearchAsync);
        app.MapGet("/hubspot/api/crm/v3/objects/{type}", HubSpotList);
        app.MapPost("/hubspot/api/crm/v3/objects/{type}/search", HubSpotSearchAsync);
        app.MapGet("/stripe/api/v1/events", StripeEvents);
        app.MapGet("/stripe/api/v1/{resource}", StripeList);
        MapAnalytics(app);
        MapMeta(app);
        MapLinkedIn(app);
        MapQuickBooks(app);
    });

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private FakeAccount? Authorize(HttpRequest request, out IResult? refusal, Func<IResult> unauthorized)
    {
        refusal = null;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            refusal = unauthorized();
            return null;
        }

        var token = header["Bearer ".Length..];
        var account = Account(FakeOAuth.ProjectOf(token));
        Interlocked.Increment(ref account.Calls);
        if (account.RejectAllTokens || (account.RejectFirstToken && FakeOAuth.VersionOf(token) == 1))
        {
            refusal = unauthorized();
            return null;
        }

        return account;
    }

    // ---- Google Ads ------------------------------------------------------------------------------------------

    private async Task<IResult> GoogleSearchAsync(string path, HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => GoogleError(401, "UNAUTHENTICATED", null));
        if (account is null)
        {
            return refusal!;
        }

        if (!path.EndsWith("/customers/1234567890/googleAds:search", StringComparison.Ordinal))
        {
            return GoogleError(400, "INVALID_ARGUMENT", null);
        }

        if (account.NextIsThrottled())
        {
            return GoogleError(429, "RESOURCE_EXHAUSTED", "1s");
        }

        var body = (await JsonNode.ParseAsync(request.Body))!;
        var query = body["query"]!.GetValue<string>();
        var window = BetweenPattern().Match(query);
        var (from, to) = (DateOnly.Parse(window.Groups[1].Value, CultureInfo.InvariantCulture),
            DateOnly.Parse(window.Groups[2].Value, CultureInfo.InvariantCulture));
        var adGroups = query.Contains("FROM ad_group", StringComparison.Ordinal);
        var offset = body["pageToken"] is { } token
            ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token.GetValue<string>())),
                CultureInfo.InvariantCulture)
            : 0;
        lock (account)
        {
            var rows = (adGroups ? account.AdGroups : account.Campaigns)
                .Where(row => row.Date >= from && row.Date <= to).OrderBy(row => row.Id).ThenBy(row => row.Date)
                .ToList();
            var page = rows.Skip(offset).Take(GooglePageSize).Select(row => GoogleRow(row, adGroups));
            var result = new JsonObject
            {
                ["results"] = new JsonArray([.. page]),
                ["fieldMask"] = "campaign.id,campaign.name,segments.date,metrics.impressions",
                ["requestId"] = Guid.NewGuid().ToString("N"),
            };
            if (offset + GooglePageSize < rows.Count)
            {
                result["nextPageToken"] = Convert.ToBase64String(
                    Encoding.UTF8.GetBytes((offset + GooglePageSize).ToString(CultureInfo.InvariantCulture)));
            }

            return FakeServer.Json(result);
        }
    }

    private static JsonObject GoogleRow(FakeAdRow row, bool adGroup)
    {
        var metrics = new JsonObject
        {
            ["impressions"] = row.Impressions.ToString(CultureInfo.InvariantCulture),
            ["clicks"] = row.Clicks.ToString(CultureInfo.InvariantCulture),
            ["costMicros"] = row.CostMicros.ToString(CultureInfo.InvariantCulture),
            ["conversions"] = (double)row.Conversions,
        };
        var result = new JsonObject
        {
            ["metrics"] = metrics,
            ["segments"] = new JsonObject { ["date"] = row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        };
        if (adGroup)
        {
            result["adGroup"] = new JsonObject
            {
                ["resourceName"] = $"customers/1234567890/adGroups/{row.Id}",
                ["id"] = row.Id,
                ["name"] = row.Name,
            };
            result["campaign"] = new JsonObject { ["id"] = row.CampaignId };
        }
        else
        {
            result["campaign"] = new JsonObject
            {
                ["resourceName"] = $"customers/1234567890/campaigns/{row.Id}",
                ["id"] = row.Id,
                ["name"] = row.Name,
            };
        }

        return result;
    }

    private static IResult GoogleError(int code, string status, string? retryDelay)
    {
        var failure = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.ads.googleads.v25.errors.GoogleAdsFailure",
            ["errors"] = new JsonArray(new JsonObject
            {
                ["errorCode"] = new JsonObject { ["quotaError"] = "RESOURCE_TEMPORARILY_EXHAUSTED" },
                ["message"] = "Too many requests. Retry in 1 seconds.",
                ["details"] = new JsonObject
                {
                    ["quotaErrorDetails"] = new JsonObject
                    {
                        ["rateScope"] = "ACCOUNT",
                        ["rateName"] = "Number of operations for basic access",
                        ["retryDelay"] = retryDelay,
                    },
                },
            }),
            ["requestId"] = "req-1",
        };
        return FakeServer.Json(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = $"The request failed with {status}.",
                ["status"] = status,
                ["details"] = retryDelay is null ? new JsonArray() : new JsonArray(failure),
            },
        }, code);
    }

    [GeneratedRegex("BETWEEN '([0-9-]+)' AND '([0-9-]+)'")]
    private static partial Regex BetweenPattern();

    // ---- HubSpot ---------------------------------------------------------------------------------------------

    private IResult HubSpotList(string type, HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => HubSpotError(401, "INVALID_AUTHENTICATION"));
        if (account is null)
        {
            return refusal!;
        }

        if (account.NextIsThrottled())
        {
            return HubSpotError(429, "RATE_LIMIT");
        }

        var limit = int.Parse(request.Query["limit"]!, CultureInfo.InvariantCulture);
        var offset = int.TryParse(request.Query["after"], CultureInfo.InvariantCulture, out var after) ? after : 0;
        lock (account)
        {
            var all = account.HubSpot[type].OrderBy(item => int.Parse(item.Id, CultureInfo.InvariantCulture)).ToList();
            return HubSpotPage(type, all, offset, limit, total: null);
        }
    }

    private async Task<IResult> HubSpotSearchAsync(string type, HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => HubSpotError(401, "INVALID_AUTHENTICATION"));
        if (account is null)
        {
            return refusal!;
        }

        if (account.NextIsThrottled())
        {
            return HubSpotError(429, "RATE_LIMIT");
        }

        var body = (await JsonNode.ParseAsync(request.Body))!;
        var filter = body["filterGroups"]![0]!["filters"]![0]!;
        var from = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(
            filter["value"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        var limit = body["limit"]!.GetValue<int>();
        var offset = int.Parse(body["after"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
        if (offset >= HubSpotSearchCap)
        {
            return HubSpotError(400, "VALIDATION_ERROR");
        }

        lock (account)
        {
            var matches = account.HubSpot[type].Where(item => item.UpdatedAt >= from)
                .OrderBy(item => item.UpdatedAt).ThenBy(item => int.Parse(item.Id, CultureInfo.InvariantCulture))
                .ToList();
            return HubSpotPage(type, matches, offset, limit, matches.Count);
        }
    }

    private static IResult HubSpotPage(string type, List<FakeHubObject> all, int offset, int limit, int? total)
    {
        var page = all.Skip(offset).Take(limit).Select(item => HubSpotObject(type, item));
        var body = new JsonObject { ["results"] = new JsonArray([.. page]) };
        if (total is not null)
        {
            body["total"] = total;
        }

        if (offset + limit < all.Count)
        {
            var next = (offset + limit).ToString(CultureInfo.InvariantCulture);
            body["paging"] = new JsonObject
            {
                ["next"] = new JsonObject { ["after"] = next, ["link"] = $"?after={next}" },
            };
        }

        return FakeServer.Json(body);
    }

    private static JsonObject HubSpotObject(string type, FakeHubObject item)
    {
        var properties = new JsonObject();
        foreach (var (name, value) in item.Properties)
        {
            properties[name] = value;
        }

        properties[type == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate"] = Iso(item.UpdatedAt);
        properties["createdate"] = Iso(item.CreatedAt);
        return new JsonObject
        {
            ["id"] = item.Id,
            ["properties"] = properties,
            ["createdAt"] = Iso(item.CreatedAt),
            ["updatedAt"] = Iso(item.UpdatedAt),
            ["archived"] = false,
        };
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static IResult HubSpotError(int status, string category) => FakeServer.Json(new JsonObject
    {
        ["status"] = "error",
        ["message"] = status == 429 ? "You have reached your secondly limit." : $"Refused: {category}",
        ["errorType"] = category,
        ["category"] = status == 429 ? null : category,
        ["policyName"] = status == 429 ? "SECONDLY" : null,
        ["correlationId"] = Guid.NewGuid().ToString(),
    }, status);

    // ---- Stripe ----------------------------------------------------------------------------------------------

    private IResult StripeList(string resource, HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => StripeError(401, "Invalid API Key provided."));
        if (account is null)
        {
            return refusal!;
        }

        if (account.NextIsThrottled())
        {
            return StripeError(429, "Too many requests hit the API too quickly.");
        }

        if (account.Failing)
        {
            return StripeError(500, "An error occurred with our connection to Stripe.");
        }

        var limit = int.Parse(request.Query["limit"]!, CultureInfo.InvariantCulture);
        var createdFrom = long.TryParse(request.Query["created[gte]"], CultureInfo.InvariantCulture, out var gte)
            ? gte
            : long.MinValue;
        string? startingAfter = request.Query["starting_after"];
        var allStatuses = request.Query["status"] == "all";
        lock (account)
        {
            var matches = account.Stripe[resource]
                .Where(item => item.Created >= createdFrom && (allStatuses || item.Status != "canceled"))
                .OrderByDescending(item => item.Created).ThenByDescending(item => item.Id, StringComparer.Ordinal)
                .ToList();
            var start = startingAfter is null ? 0 : matches.FindIndex(item => item.Id == startingAfter) + 1;
            var page = matches.Skip(start).Take(limit).Select(item => StripeObject(resource, item));
            return FakeServer.Json(new JsonObject
            {
                ["object"] = "list",
                ["url"] = $"/v1/{resource}",
                ["has_more"] = start + limit < matches.Count,
                ["data"] = new JsonArray([.. page]),
            });
        }
    }

    private IResult StripeEvents(HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => StripeError(401, "Invalid API Key provided."));
        if (account is null)
        {
            return refusal!;
        }

        var limit = int.Parse(request.Query["limit"]!, CultureInfo.InvariantCulture);
        var createdFrom = long.Parse(request.Query["created[gte]"]!, CultureInfo.InvariantCulture);
        var types = request.Query.Where(p => p.Key.StartsWith("types[", StringComparison.Ordinal))
            .Select(p => p.Value.ToString())
            .ToHashSet(StringComparer.Ordinal);
        string? startingAfter = request.Query["starting_after"];
        lock (account)
        {
            var matches = account.StripeEvents
                .Where(e => e.Created >= createdFrom && types.Contains(e.Type))
                .OrderByDescending(e => e.Created).ThenByDescending(e => e.Id, StringComparer.Ordinal)
                .ToList();
            var start = startingAfter is null ? 0 : matches.FindIndex(e => e.Id == startingAfter) + 1;
            var page = matches.Skip(start).Take(limit).Select(e => new JsonObject
            {
                ["id"] = e.Id,
                ["object"] = "event",
                ["created"] = e.Created,
                ["type"] = e.Type,
                ["data"] = new JsonObject { ["object"] = StripeObject(e.Resource, e.Object) },
            });
            return FakeServer.Json(new JsonObject
            {
                ["object"] = "list",
                ["url"] = "/v1/events",
                ["has_more"] = start + limit < matches.Count,
                ["data"] = new JsonArray([.. page]),
            });
        }
    }

    private static JsonObject StripeObject(string resource, FakeStripeObject item) => new()
    {
        ["id"] = item.Id,
        ["object"] = resource.TrimEnd('s'),
        ["created"] = item.Created,
        ["livemode"] = false,
        ["amount"] = item.Amount,
        ["total"] = item.Amount,
        ["currency"] = "usd",
        ["status"] = item.Status,
        ["customer"] = item.Customer,
    };

    private static IResult StripeError(int status, string message) => FakeServer.Json(new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["type"] = "invalid_request_error",
            ["code"] = status == 429 ? "rate_limit" : "api_key_invalid",
            ["message"] = message,
        },
    }, status);
}
