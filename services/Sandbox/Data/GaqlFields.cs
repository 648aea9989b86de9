using System.Globalization;
using System.Text.Json.Nodes;

namespace Connectors.Sandbox.Data;

internal sealed record AdsRow(
    string CustomerId,
    string CustomerName,
    AdsCampaign? Campaign,
    AdsAdGroup? AdGroup,
    DateOnly? Date,
    AdsMetrics Metrics);

/// <summary>The GAQL fields the sandbox serves and how each is read from a row (int64 values as strings).</summary>
internal static class GaqlFields
{
    private static readonly Dictionary<string, Func<AdsRow, JsonNode?>> Readers = new()
    {
        ["customer.id"] = r => r.CustomerId,
        ["customer.descriptive_name"] = r => r.CustomerName,
        ["customer.currency_code"] = _ => "USD",
        ["customer.time_zone"] = _ => "America/New_York",
        ["customer.manager"] = _ => false,
        ["customer.test_account"] = _ => false,
        ["customer.resource_name"] = r => $"customers/{r.CustomerId}",
        ["campaign.id"] = r => Int64(r.Campaign?.Id),
        ["campaign.name"] = r => r.Campaign?.Name,
        ["campaign.status"] = r => r.Campaign?.Status,
        ["campaign.advertising_channel_type"] = r => r.Campaign?.Channel,
        ["campaign.resource_name"] = r => $"customers/{r.CustomerId}/campaigns/{r.Campaign?.Id}",
        ["ad_group.id"] = r => Int64(r.AdGroup?.Id),
        ["ad_group.name"] = r => r.AdGroup?.Name,
        ["ad_group.status"] = r => r.AdGroup?.Status,
        ["ad_group.campaign"] = r => $"customers/{r.CustomerId}/campaigns/{r.AdGroup?.Campaign.Id}",
        ["ad_group.resource_name"] = r => $"customers/{r.CustomerId}/adGroups/{r.AdGroup?.Id}",
        ["segments.date"] = r => r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["metrics.impressions"] = r => Int64(r.Metrics.Impressions),
        ["metrics.clicks"] = r => Int64(r.Metrics.Clicks),
        ["metrics.cost_micros"] = r => Int64(r.Metrics.CostMicros),
        ["metrics.conversions"] = r => r.Metrics.Conversions,
        ["metrics.conversions_value"] = r => r.Metrics.Value,
        ["metrics.ctr"] = r => r.Metrics.Impressions == 0 ? 0.0 : (double)r.Metrics.Clicks / r.Metrics.Impressions,
        ["metrics.average_cpc"] = r => r.Metrics.Clicks == 0 ? 0.0 : (double)r.Metrics.CostMicros / r.Metrics.Clicks,
    };

    public static IReadOnlyCollection<string> Known => Readers.Keys;

    public static JsonNode? Read(AdsRow row, string field) => Readers[field](row);

    public static string Text(AdsRow row, string field) => Read(row, field)?.ToString() ?? "";

    public static string CamelPath(string field) =>
        string.Join('.', field.Split('.').Select(Camel));

    public static JsonObject ToJson(AdsRow row, IReadOnlyList<string> fields, string resource)
    {
        var result = new JsonObject();
        var resources = fields.Select(f => f.Split('.')[0])
            .Where(r => r is "customer" or "campaign" or "ad_group")
            .Append(resource)
            .Distinct();
        foreach (var name in resources)
        {
            Set(result, $"{name}.resource_name", Read(row, $"{name}.resource_name"));
        }

        foreach (var field in fields)
        {
            Set(result, field, Read(row, field));
        }

        return result;
    }

    private static void Set(JsonObject root, string field, JsonNode? value)
    {
        var parts = field.Split('.').Select(Camel).ToArray();
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
        }

        node[parts[^1]] = value?.DeepClone();
    }

    private static string Camel(string snake)
    {
        var pieces = snake.Split('_');
        return pieces[0] + string.Concat(
            pieces[1..].Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static JsonNode? Int64(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
