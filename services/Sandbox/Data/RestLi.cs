namespace Connectors.Sandbox.Data;

internal sealed class RestLiException(string message) : Exception(message);

/// <summary>Reads Rest.li 2.0 query values: <c>(key:value,…)</c> records, <c>List(…)</c> arrays and percent-encoded
/// scalars, parsed before decoding so that encoded reserved characters stay inside their scalar.</summary>
internal static class RestLi
{
    /// <summary>The raw (still encoded) values of a query string by parameter name; the last one wins.</summary>
    public static Dictionary<string, string> RawQuery(string? queryString)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (queryString ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            values[name] = equals < 0 ? "" : pair[(equals + 1)..];
        }

        return values;
    }

    /// <summary>Parses one value: a string, a <see cref="List{T}"/> of values or a dictionary of values.</summary>
    public static object Parse(string raw)
    {
        var text = !raw.Contains('(', StringComparison.Ordinal)
            && raw.Contains("%28", StringComparison.OrdinalIgnoreCase)
            ? Uri.UnescapeDataString(raw)
            : raw;
        var position = 0;
        var value = ParseValue(text, ref position);
        return position == text.Length
            ? value
            : throw new RestLiException($"Unexpected '{text[position]}' at position {position}.");
    }

    public static string Decode(string raw) => Uri.UnescapeDataString(raw.Replace('+', ' '));

    private static object ParseValue(string text, ref int position)
    {
        if (string.CompareOrdinal(text, position, "List(", 0, 5) == 0)
        {
            position += 5;
            var items = new List<object>();
            ReadItems(text, ref position, (string t, ref int p) => items.Add(ParseValue(t, ref p)));
            return items;
        }

        if (position < text.Length && text[position] == '(')
        {
            position++;
            var record = new Dictionary<string, object>(StringComparer.Ordinal);
            ReadItems(text, ref position, (string t, ref int p) =>
            {
                var colon = t.IndexOf(':', p);
                if (colon < 0)
                {
                    throw new RestLiException("A record field needs 'key:value'.");
                }

                var key = Decode(t[p..colon]);
                p = colon + 1;
                record[key] = ParseValue(t, ref p);
            });
            return record;
        }

        var start = position;
        while (position < text.Length && text[position] is not ',' and not ')' and not '(')
        {
            position++;
        }

        return Decode(text[start..position]);
    }

    private delegate void ItemReader(string text, ref int position);

    private static void ReadItems(string text, ref int position, ItemReader read)
    {
        if (position < text.Length && text[position] == ')')
        {
            position++;
            return;
        }

        while (true)
        {
            read(text, ref position);
            if (position >= text.Length)
            {
                throw new RestLiException("Missing ')'.");
            }

            var separator = text[position++];
            if (separator == ')')
            {
                return;
            }

            if (separator != ',')
            {
                throw new RestLiException($"Unexpected '{separator}'.");
            }
        }
    }
}
