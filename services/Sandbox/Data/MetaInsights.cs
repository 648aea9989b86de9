using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed class MetaRequestException(string message) : Exception(message);

/// <summary>The parameters of an insights call the sandbox honours.</summary>
internal sealed record MetaInsightsQuery(
    string Level, IReadOnlyList<string> Fields, DateOnly Since, DateOnly Until, bool Daily, int Limit);

/// <summary>Parses insights parameters and builds the rows (numbers as strings, actions as arrays).</summary>
internal static class MetaInsights
{
    public const int DefaultLimit = 25;

    private static readonly string[] Levels = ["account", "campaign", "adset", "ad"];

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "account_id", "account_name", "account_currency", "campaign_id", "campaign_name", "adset_id",
        "adset_name", "ad_id", "ad_name", "impressions", "reach", "frequency", "clicks", "inline_link_clicks",
        "spend", "cpc", "cpm", "ctr", "cpp", "actions", "action_values", "date_start", "date_stop", "objective",
    };

    public static MetaInsightsQuery Parse(IReadOnlyDictionary<string, string> parameters, DateOnly today)
    {
        var level = parameters.GetValueOrDefault("level") is { Length: > 0 } l ? l : "account";
        if (!Levels.Contains(level))
        {
            throw new MetaRequestException(
                $"(#100) level must be one of the following values: {string.Join(", ", Levels)}");
        }

        var fields = (parameters.GetValueOrDefault("fields") ?? "impressions,spend")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        if (fields.FirstOrDefault(f => !KnownFields.Contains(f)) is { } unknown)
        {
            throw new MetaRequestException($"(#100) {unknown} is not valid for fields param.");
        }

        var (since, until) = Range(parameters, today);
        var increment = parameters.GetValueOrDefault("time_increment") ?? "all_days";
        if (increment is not "1" and not "all_days")
        {
            throw new MetaRequestException("(#100) The sandbox serves time_increment 1 or all_days only.");
        }

        var limit = parameters.GetValueOrDefault("limit") is { } text
            ? int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0
                ? Math.Min(n, 5000)
                : throw new MetaRequestException("(#100) limit must be a positive integer.")
            : DefaultLimit;
        return new MetaInsightsQuery(level, fields, since, until, increment == "1", limit);
    }

    /// <summary>All rows of the query, ordered by date then object id.</summary>
    public static IReadOnlyList<JsonObject> Rows(Account account, MetaInsightsQuery query, DateTimeOffset now)
    {
        var days = GoogleAdsData.Days(now).Where(d => d >= query.Since && d <= query.Until).ToList();
        var cells = MetaData.Ads(account)
            .SelectMany(ad => days.Select(day => (Ad: ad, Day: day, Totals: MetaData.Day(account, ad, day))));
        return cells
            .GroupBy(c => (Id: LevelId(account, c.Ad, query.Level), Day: query.Daily ? c.Day : (DateOnly?)null))
            .OrderBy(g => g.Key.Day ?? query.Since)
            .ThenBy(g => g.Key.Id, StringComparer.Ordinal)
            .Select(g => Row(account, query, g.First().Ad, g.Key.Day,
                g.Aggregate(MetaTotals.Zero, (sum, c) => sum.Add(c.Totals))))
            .ToList();
    }

    private static string LevelId(Account account, MetaAd ad, string level) => level switch
    {
        "ad" => ad.Id,
        "adset" => ad.AdsetId,
        "campaign" => ad.CampaignId,
        _ => account.Id,
    };

    private static JsonObject Row(Account account, MetaInsightsQuery query, MetaAd ad, DateOnly? day, MetaTotals t)
    {
        var row = new JsonObject();
        foreach (var field in query.Fields.Where(f => f is not "date_start" and not "date_stop"))
        {
            if (Value(account, query.Level, ad, t, field) is { } value)
            {
                row[field] = value;
            }
        }

        row["date_start"] = Date(day ?? query.Since);
        row["date_stop"] = Date(day ?? query.Until);
        return row;
    }

    private static JsonNode? Value(Account account, string level, MetaAd ad, MetaTotals t, string field)
    {
        var depth = Array.IndexOf(Levels, level);
        return field switch
        {
            "account_id" => account.Id["act_".Length..],
            "account_name" => account.Name,
            "account_currency" => "USD",
            "campaign_id" when depth >= 1 => ad.CampaignId,
            "campaign_name" when depth >= 1 => ad.CampaignName,
            "adset_id" when depth >= 2 => ad.AdsetId,
            "adset_name" when depth >= 2 => ad.AdsetName,
            "ad_id" when depth >= 3 => ad.Id,
            "ad_name" when depth >= 3 => ad.Name,
            "objective" when depth >= 1 => ad.CampaignName.StartsWith('P') ? "OUTCOME_AWARENESS" : "OUTCOME_SALES",
            "impressions" => Text(t.Impressions),
            "reach" => Text(t.Reach),
            "frequency" => Ratio(t.Impressions, t.Reach, 1),
            "clicks" => Text(t.Clicks),
            "inline_link_clicks" => Text(t.LinkClicks),
            "spend" => t.Spend.ToString("0.00", CultureInfo.InvariantCulture),
            "cpc" => Ratio((double)t.Spend, t.Clicks, 1),
            "cpm" => Ratio((double)t.Spend, t.Impressions, 1000),
            "cpp" => Ratio((double)t.Spend, t.Reach, 1000),
            "ctr" => Ratio(t.Clicks, t.Impressions, 100),
            "actions" => Actions(t, values: false),
            "action_values" => Actions(t, values: true),
            _ => null,
        };
    }

    private static JsonArray? Actions(MetaTotals t, bool values)
    {
        var list = values
            ? new List<(string Type, string Value)>
            {
                ("purchase", Money(t.PurchaseValue)),
                ("offsite_conversion.fb_pixel_purchase", Money(t.PurchaseValue)),
            }
            : [("link_click", Text(t.LinkClicks)), ("landing_page_view", Text(t.LandingViews)),
                ("purchase", Text(t.Purchases)), ("offsite_conversion.fb_pixel_purchase", Text(t.Purchases))];
        var nonZero = list.Where(a => a.Value is not "0" and not "0.00").ToList();
        return nonZero.Count == 0
            ? null
            : new JsonArray([.. nonZero.Select(a =>
                (JsonNode)new JsonObject { ["action_type"] = a.Type, ["value"] = a.Value })]);
    }

    private static (DateOnly Since, DateOnly Until) Range(
        IReadOnlyDictionary<string, string> parameters, DateOnly today)
    {
        var range = parameters.GetValueOrDefault("time_range");
        var preset = parameters.GetValueOrDefault("date_preset");
        if (range is not null && preset is not null)
        {
            throw new MetaRequestException("(#100) time_range and date_preset cannot be used together.");
        }

        if (range is null)
        {
            return Preset(preset ?? "last_30d", today);
        }

        try
        {
            var json = JsonNode.Parse(range);
            var since = ParseDay(json?["since"]?.GetValue<string>());
            var until = ParseDay(json?["until"]?.GetValue<string>());
            return since <= until
                ? (since, until)
                : throw new MetaRequestException("(#100) time_range: since must not be after until.");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new MetaRequestException(
                "(#100) time_range must be {\"since\":\"YYYY-MM-DD\",\"until\":\"YYYY-MM-DD\"}.");
        }
    }

    private static (DateOnly, DateOnly) Preset(string preset, DateOnly today) => preset switch
    {
        "today" => (today, today),
        "yesterday" => (today.AddDays(-1), today.AddDays(-1)),
        "maximum" => (today.AddDays(-GoogleAdsData.History), today),
        _ when preset.StartsWith("last_", StringComparison.Ordinal) && preset.EndsWith('d')
            && int.TryParse(preset[5..^1], CultureInfo.InvariantCulture, out var n) && n > 0
            => (today.AddDays(-n), today.AddDays(-1)),
        _ => throw new MetaRequestException($"(#100) date_preset '{preset}' is not supported."),
    };

    private static DateOnly ParseDay(string? text) =>
        DateOnly.ParseExact(text ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double part, double whole, double scale) =>
        whole <= 0 ? "0" : Math.Round(part / whole * scale, 6).ToString(CultureInfo.InvariantCulture);
}
