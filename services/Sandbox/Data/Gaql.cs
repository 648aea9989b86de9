using System.Globalization;
using System.Text.RegularExpressions;

namespace Connectors.Sandbox.Data;

internal sealed record GaqlFilter(string Field, string Operator, string Value);

internal sealed record GaqlQuery(
    IReadOnlyList<string> Fields,
    string Resource,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyList<GaqlFilter> Filters,
    IReadOnlyList<(string Field, bool Descending)> OrderBy,
    int? Limit)
{
    public bool Daily => Fields.Contains("segments.date");
}

internal sealed class GaqlException(string message, string errorKey, string errorValue) : Exception(message)
{
    public string ErrorKey { get; } = errorKey;

    public string ErrorValue { get; } = errorValue;
}

/// <summary>The small part of the Google Ads Query Language the sandbox understands.</summary>
internal static partial class Gaql
{
    private static readonly string[] Resources = ["customer", "campaign", "ad_group"];

    public static GaqlQuery Parse(string? text, DateOnly today)
    {
        var match = QueryShape().Match(text ?? "");
        if (!match.Success)
        {
            throw new GaqlException("The query could not be parsed.", "queryError", "UNEXPECTED_END_OF_QUERY");
        }

        var resource = match.Groups["resource"].Value.ToLowerInvariant();
        if (!Resources.Contains(resource))
        {
            throw new GaqlException($"Unsupported resource '{resource}'.", "queryError", "INVALID_RESOURCE_NAME");
        }

        var fields = match.Groups["fields"].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.ToLowerInvariant()).ToList();
        fields.ForEach(f => CheckField(f, resource));
        var (from, to, filters) = ParseWhere(match.Groups["where"].Value, resource, today);
        var order = ParseOrder(match.Groups["order"].Value, resource);
        int? limit = match.Groups["limit"].Success
            ? int.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture)
            : null;
        return new GaqlQuery(fields, resource, from, to, filters, order, limit);
    }

    public static void CheckField(string field, string resource)
    {
        var allowed = field.StartsWith("segments.", StringComparison.Ordinal)
            || field.StartsWith("metrics.", StringComparison.Ordinal)
            || field.StartsWith("customer.", StringComparison.Ordinal)
            || (resource != "customer" && field.StartsWith("campaign.", StringComparison.Ordinal))
            || (resource == "ad_group" && field.StartsWith("ad_group.", StringComparison.Ordinal));
        if (!allowed || !GaqlFields.Known.Contains(field))
        {
            throw new GaqlException($"Unrecognized field in the query: '{field}'.", "queryError", "UNRECOGNIZED_FIELD");
        }
    }

    private static (DateOnly?, DateOnly?, List<GaqlFilter>) ParseWhere(string where, string resource, DateOnly today)
    {
        DateOnly? from = null, to = null;
        var filters = new List<GaqlFilter>();
        var between = Between().Match(where);
        if (between.Success)
        {
            from = ParseDate(between.Groups["a"].Value);
            to = ParseDate(between.Groups["b"].Value);
            where = where.Remove(between.Index, between.Length);
        }

        foreach (var part in AndSplit().Split(where).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var condition = Condition().Match(part);
            if (!condition.Success)
            {
                throw new GaqlException(
                    $"Unsupported condition '{part}'.", "queryError", "INVALID_VALUE_WITH_BETWEEN_OPERATOR");
            }

            var field = condition.Groups["field"].Value.ToLowerInvariant();
            CheckField(field, resource);
            var op = condition.Groups["op"].Value.ToUpperInvariant();
            var value = condition.Groups["value"].Value.Trim('\'', '"');
            if (field == "segments.date")
            {
                (from, to) = DateBound(op, value, from, to, today);
            }
            else
            {
                filters.Add(new GaqlFilter(field, op, value));
            }
        }

        return (from, to, filters);
    }

    private static (DateOnly?, DateOnly?) DateBound(
        string op, string value, DateOnly? from, DateOnly? to, DateOnly today) =>
        op switch
        {
            ">=" => (ParseDate(value), to),
            ">" => (ParseDate(value).AddDays(1), to),
            "<=" => (from, ParseDate(value)),
            "<" => (from, ParseDate(value).AddDays(-1)),
            "=" => (ParseDate(value), ParseDate(value)),
            "DURING" => During(value.ToUpperInvariant(), today),
            _ => throw new GaqlException(
                $"Unsupported operator on segments.date: {op}.", "queryError", "PROHIBITED_SEGMENT_IN_WHERE_CLAUSE"),
        };

    private static (DateOnly?, DateOnly?) During(string range, DateOnly today) => range switch
    {
        "TODAY" => (today, today),
        "YESTERDAY" => (today.AddDays(-1), today.AddDays(-1)),
        "LAST_7_DAYS" => (today.AddDays(-7), today.AddDays(-1)),
        "LAST_14_DAYS" => (today.AddDays(-14), today.AddDays(-1)),
        "LAST_30_DAYS" => (today.AddDays(-30), today.AddDays(-1)),
        _ => throw new GaqlException($"Unsupported date range {range}.", "queryError", "INVALID_LITERAL_DATE"),
    };

    private static List<(string, bool)> ParseOrder(string order, string resource)
    {
        var result = new List<(string, bool)>();
        foreach (var part in order.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var field = pieces[0].ToLowerInvariant();
            CheckField(field, resource);
            result.Add((field, pieces.Length > 1 && pieces[1].Equals("DESC", StringComparison.OrdinalIgnoreCase)));
        }

        return result;
    }

    private static DateOnly ParseDate(string value) =>
        DateOnly.TryParseExact(
            value.Trim('\'', '"'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new GaqlException($"Invalid date literal '{value}'.", "queryError", "INVALID_LITERAL_DATE");

    [GeneratedRegex(
        @"^\s*SELECT\s+(?<fields>.+?)\s+FROM\s+(?<resource>\w+)"
            + @"(?:\s+WHERE\s+(?<where>.+?))?(?:\s+ORDER\s+BY\s+(?<order>.+?))?"
            + @"(?:\s+LIMIT\s+(?<limit>\d+))?(?:\s+PARAMETERS\s+.+?)?\s*;?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex QueryShape();

    [GeneratedRegex(@"segments\.date\s+BETWEEN\s+'(?<a>[^']*)'\s+AND\s+'(?<b>[^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(
        @"^(?<field>[\w\.]+)\s*(?<op>>=|<=|!=|=|>|<|DURING\b|LIKE\b)\s*(?<value>.+)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Condition();
}
