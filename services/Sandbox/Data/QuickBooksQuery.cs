using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectors.Sandbox.Data;

internal sealed class QbQueryException(string message) : Exception(message);

internal sealed record QbCondition(string Field, string Operator, IReadOnlyList<string> Values);

/// <summary>A statement of the QuickBooks query language subset the sandbox serves.</summary>
internal sealed record QbQuery(
    string Entity,
    bool Count,
    IReadOnlyList<string>? Fields,
    IReadOnlyList<QbCondition> Conditions,
    string? OrderBy,
    bool Descending,
    int StartPosition,
    int MaxResults);

/// <summary>Parses and runs <c>SELECT * | COUNT(*) | fields FROM Entity [WHERE …] [ORDERBY …] [STARTPOSITION n]
/// [MAXRESULTS n]</c>.</summary>
internal static partial class QuickBooksQuery
{
    public const int MaxResultsCap = 1000;
    public const int DefaultMaxResults = 100;

    private static readonly string[] Filterable =
        ["Id", "MetaData.LastUpdatedTime", "MetaData.CreateTime", "TxnDate", "DisplayName", "Active"];

    public static QbQuery Parse(string? statement)
    {
        var match = Statement().Match(statement ?? "");
        if (!match.Success)
        {
            throw new QbQueryException($"QueryParserError: Encountered an error while parsing \"{statement}\".");
        }

        var entity = match.Groups["entity"].Value;
        var canonical = new[] { "Invoice", "Customer", "Payment", "Account" }
            .FirstOrDefault(e => e.Equals(entity, StringComparison.OrdinalIgnoreCase))
            ?? throw new QbQueryException($"QueryValidationError: Invalid entity '{entity}'.");
        var select = match.Groups["select"].Value.Trim();
        var count = select.Replace(" ", "", StringComparison.Ordinal)
            .Equals("COUNT(*)", StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<string>? fields = select == "*" || count
            ? null
            : select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var conditions = match.Groups["where"].Success ? Conditions(match.Groups["where"].Value) : [];
        var order = match.Groups["order"].Success ? Field(match.Groups["order"].Value) : null;
        var start = match.Groups["start"].Success ? Int(match.Groups["start"].Value) : 1;
        var max = match.Groups["max"].Success ? Int(match.Groups["max"].Value) : DefaultMaxResults;
        return new QbQuery(canonical, count, fields, conditions, order,
            match.Groups["dir"].Value.Equals("DESC", StringComparison.OrdinalIgnoreCase), Math.Max(1, start),
            Math.Clamp(max, 1, MaxResultsCap));
    }

    public static IReadOnlyList<QbRecord> Filter(IEnumerable<QbRecord> records, QbQuery query)
    {
        var matching = records.Where(r => query.Conditions.All(c => Matches(r, c)));
        var ordered = query.OrderBy is null
            ? matching.OrderBy(r => r.Id)
            : query.Descending
                ? matching.OrderByDescending(r => SortKey(r, query.OrderBy)).ThenBy(r => r.Id)
                : matching.OrderBy(r => SortKey(r, query.OrderBy)).ThenBy(r => r.Id);
        return ordered.ToList();
    }

    public static JsonObject Project(QbRecord record, QbQuery query)
    {
        if (query.Fields is null)
        {
            return (JsonObject)record.Body.DeepClone();
        }

        var sparse = new JsonObject { ["Id"] = record.Body["Id"]!.DeepClone() };
        foreach (var field in query.Fields)
        {
            var top = field.Split('.')[0];
            if (record.Body[top] is { } value && top != "Id")
            {
                sparse[top] = value.DeepClone();
            }
        }

        sparse["domain"] = "QBO";
        sparse["sparse"] = true;
        return sparse;
    }

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text.Trim('\'', '"'), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new QbQueryException($"QueryValidationError: Invalid date/time value '{text}'.");

    private static List<QbCondition> Conditions(string where)
    {
        return AndSplit().Split(where.Trim()).Select(part =>
        {
            var condition = Condition().Match(part.Trim());
            if (!condition.Success)
            {
                throw new QbQueryException($"QueryParserError: Encountered an error near \"{part}\".");
            }

            var op = condition.Groups["op"].Value.ToUpperInvariant();
            var raw = condition.Groups["value"].Value.Trim();
            var values = op == "IN"
                ? raw.Trim('(', ')').Split(',', StringSplitOptions.TrimEntries).Select(Unquote).ToList()
                : [Unquote(raw)];
            return new QbCondition(Field(condition.Groups["field"].Value), op, values);
        }).ToList();
    }

    private static string Field(string name) =>
        Filterable.FirstOrDefault(f => f.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new QbQueryException($"QueryValidationError: property '{name.Trim()}' is not queryable.");

    private static bool Matches(QbRecord record, QbCondition condition)
    {
        if (condition.Operator == "IN")
        {
            return condition.Values.Any(v => Compare(record, condition.Field, v) == 0);
        }

        var comparison = Compare(record, condition.Field, condition.Values[0]);
        return condition.Operator switch
        {
            "=" => comparison == 0,
            "!=" => comparison != 0,
            "<" => comparison < 0,
            "<=" => comparison <= 0,
            ">" => comparison > 0,
            ">=" => comparison >= 0,
            _ => LikeMatches(record.DisplayName ?? "", condition.Values[0]),
        };
    }

    private static int Compare(QbRecord record, string field, string value) => field switch
    {
        "Id" => record.Id.CompareTo(long.TryParse(value, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new QbQueryException($"QueryValidationError: Invalid Id '{value}'.")),
        "MetaData.LastUpdatedTime" => record.Updated.CompareTo(ParseTime(value)),
        "MetaData.CreateTime" => record.Created.CompareTo(ParseTime(value)),
        "TxnDate" => (record.TxnDate ?? DateOnly.MinValue).CompareTo(DateOnly.FromDateTime(ParseTime(value).DateTime)),
        "Active" => record.Active.CompareTo(value.Equals("true", StringComparison.OrdinalIgnoreCase)),
        _ => string.Compare(record.DisplayName, value, StringComparison.OrdinalIgnoreCase),
    };

    private static IComparable SortKey(QbRecord record, string field) => field switch
    {
        "MetaData.LastUpdatedTime" => record.Updated,
        "MetaData.CreateTime" => record.Created,
        "TxnDate" => record.TxnDate ?? DateOnly.MinValue,
        "DisplayName" => record.DisplayName ?? "",
        "Active" => record.Active,
        _ => record.Id,
    };

    private static bool LikeMatches(string text, string pattern) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static string Unquote(string value) => value.Trim().Trim('\'', '"');

    private static int Int(string text) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new QbQueryException($"QueryValidationError: '{text}' is not a number.");

    [GeneratedRegex(
        @"^\s*SELECT\s+(?<select>\*|COUNT\s*\(\s*\*\s*\)|[\w\.\s,]+?)\s+FROM\s+(?<entity>\w+)"
            + @"(?:\s+WHERE\s+(?<where>.+?))?"
            + @"(?:\s+ORDER\s*BY\s+(?<order>[\w\.]+)(?:\s+(?<dir>ASC|DESC))?)?"
            + @"(?:\s+STARTPOSITION\s+(?<start>\d+))?(?:\s+MAXRESULTS\s+(?<max>\d+))?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Statement();

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(
        @"^(?<field>[\w\.]+)\s*(?<op>>=|<=|!=|=|<|>|\bIN\b|\bLIKE\b)\s*(?<value>.+)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Condition();
}
