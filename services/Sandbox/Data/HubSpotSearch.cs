using System.Globalization;
using System.Text.Json.Nodes;

namespace Connectors.Sandbox.Data;

/// <summary>filterGroups and sorts of the CRM search endpoint.</summary>
internal static class HubSpotSearch
{
    public static bool Matches(CrmRecord record, JsonNode? filterGroups)
    {
        var groups = filterGroups?.AsArray();
        if (groups is null || groups.Count == 0)
        {
            return true;
        }

        return groups.Any(g => (g?["filters"]?.AsArray() ?? []).All(f => MatchesFilter(record, f!)));
    }

    public static IEnumerable<CrmRecord> Sort(IEnumerable<CrmRecord> records, JsonNode? sorts)
    {
        var first = sorts?.AsArray().FirstOrDefault();
        var property = first is JsonObject o ? o["propertyName"]?.GetValue<string>() : first?.GetValue<string>();
        if (property is null)
        {
            return records.OrderBy(r => r.Id);
        }

        var descending = first is JsonObject d && d["direction"]?.GetValue<string>() == "DESCENDING";
        Func<CrmRecord, IComparable> key = r => SortKey(r, property);
        return descending ? records.OrderByDescending(key).ThenBy(r => r.Id) : records.OrderBy(key).ThenBy(r => r.Id);
    }

    private static IComparable SortKey(CrmRecord record, string property) => property switch
    {
        "hs_object_id" => record.Id,
        "createdate" => record.CreatedAt,
        "lastmodifieddate" or "hs_lastmodifieddate" => record.UpdatedAt,
        _ => record.Properties.GetValueOrDefault(property) ?? "",
    };

    private static bool MatchesFilter(CrmRecord record, JsonNode filter)
    {
        var property = filter["propertyName"]?.GetValue<string>() ?? "";
        var op = filter["operator"]?.GetValue<string>() ?? "EQ";
        var value = filter["value"]?.ToString() ?? "";
        if (property is "lastmodifieddate" or "hs_lastmodifieddate" or "createdate")
        {
            var actual = property == "createdate" ? record.CreatedAt : record.UpdatedAt;
            return Compare(actual.ToUnixTimeMilliseconds().CompareTo(ParseTime(value)), op);
        }

        var text = property == "hs_object_id"
            ? record.Id.ToString(CultureInfo.InvariantCulture)
            : record.Properties.GetValueOrDefault(property) ?? "";
        return op == "HAS_PROPERTY" ? text.Length > 0 : Compare(string.CompareOrdinal(text, value), op);
    }

    private static long ParseTime(string value) =>
        long.TryParse(value, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static bool Compare(int comparison, string op) => op switch
    {
        "GTE" => comparison >= 0,
        "GT" => comparison > 0,
        "LTE" => comparison <= 0,
        "LT" => comparison < 0,
        "NEQ" => comparison != 0,
        _ => comparison == 0,
    };
}
