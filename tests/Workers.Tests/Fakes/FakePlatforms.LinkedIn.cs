using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Connectors.Workers.Tests.Fakes;

/// <summary>
/// LinkedIn's adAnalytics finder: Rest.li 2.0 query syntax, mandatory version headers, no paging, and an answer
/// silently cut at <see cref="LinkedInCap"/> elements.
/// </summary>
public sealed partial class FakePlatforms
{
    public const string LinkedInAccountId = "506070";

    /// <summary>Elements in one answer before LinkedIn silently drops the rest (15,000 at LinkedIn).</summary>
    public int LinkedInCap { get; init; } = 15_000;

    private void MapLinkedIn(WebApplication app) => app.MapGet("/linkedin/api/rest/adAnalytics", LinkedInAnalytics);

    private IResult LinkedInAnalytics(HttpRequest request)
    {
        var account = Authorize(request, out var refusal, () => LinkedInError(401, 65601, "REVOKED_ACCESS_TOKEN"));
        if (account is null)
        {
            return refusal!;
        }

        if (request.Headers["LinkedIn-Version"].ToString().Length != 6
            || request.Headers["X-Restli-Protocol-Version"] != "2.0.0")
        {
            return LinkedInError(400, 100, "VERSION_MISSING");
        }

        if (account.NextIsThrottled())
        {
            return LinkedInError(429, 0, "TOO_MANY_REQUESTS");
        }

        var query = request.Query;
        var range = DateRangePattern().Match(query["dateRange"].ToString());
        if (query["q"] != "analytics" || query["pivot"] != "CAMPAIGN" || query["timeGranularity"] != "DAILY"
            || query["accounts"] != $"List(urn:li:sponsoredAccount:{LinkedInAccountId})" || !range.Success)
        {
            return LinkedInError(400, 100, "ILLEGAL_ARGUMENT");
        }

        var from = RangeDate(range, 1);
        var to = RangeDate(range, 4);
        account.LinkedInRanges.Enqueue((from, to));
        lock (account)
        {
            var elements = account.LinkedIn.Where(row => row.Date >= from && row.Date <= to)
                .OrderBy(row => row.Date).ThenBy(row => row.CampaignId, StringComparer.Ordinal)
                .Take(LinkedInCap).Select(LinkedInElement);
            return FakeServer.Json(new JsonObject
            {
                ["paging"] = new JsonObject { ["start"] = 0, ["count"] = 10, ["links"] = new JsonArray() },
                ["elements"] = new JsonArray([.. elements]),
            });
        }
    }

    private static DateOnly RangeDate(Match match, int group) => new(
        int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture),
        int.Parse(match.Groups[group + 1].Value, CultureInfo.InvariantCulture),
        int.Parse(match.Groups[group + 2].Value, CultureInfo.InvariantCulture));

    private static JsonObject LinkedInElement(FakeLinkedInRow row)
    {
        JsonObject Day() => new() { ["year"] = row.Date.Year, ["month"] = row.Date.Month, ["day"] = row.Date.Day };
        return new JsonObject
        {
            ["dateRange"] = new JsonObject { ["start"] = Day(), ["end"] = Day() },
            ["pivotValues"] = new JsonArray($"urn:li:sponsoredCampaign:{row.CampaignId}"),
            ["impressions"] = row.Impressions,
            ["clicks"] = row.Clicks,
            ["costInLocalCurrency"] = Text(row.Cost),
            ["externalWebsiteConversions"] = row.Conversions,
        };
    }

    private static IResult LinkedInError(int status, int serviceErrorCode, string code) => FakeServer.Json(
        new JsonObject
        {
            ["status"] = status,
            ["serviceErrorCode"] = serviceErrorCode,
            ["code"] = code,
            ["message"] = status == 429
                ? "Resource level throttle limit for calls to this resource is reached."
                : $"Refused: {code}",
        },
        status);

    [GeneratedRegex(@"^\(start:\(year:(\d+),month:(\d+),day:(\d+)\),end:\(year:(\d+),month:(\d+),day:(\d+)\)\)$")]
    private static partial Regex DateRangePattern();
}
