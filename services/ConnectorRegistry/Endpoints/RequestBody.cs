using System.Text.Json;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Errors;

namespace Connectors.ConnectorRegistry.Endpoints;

/// <summary>
/// Checks request bodies field by field, so a client learns every mistake at once: wrong types and unknown
/// fields become 400 validation problems naming the field.
/// </summary>
internal sealed class RequestBody
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    public void Fail(string field, string message) => _errors[field] = [message];

    /// <summary>The fields of a JSON object body, by lower-case name; unknown fields are reported.</summary>
    public Dictionary<string, JsonElement> Fields(
        JsonElement body,
        IReadOnlyList<string> allowed,
        string prefix = "")
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        if (body.ValueKind != JsonValueKind.Object)
        {
            Fail(prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), "Must be a JSON object.");
            return fields;
        }

        foreach (var property in body.EnumerateObject())
        {
            if (allowed.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                fields[property.Name] = property.Value;
            }
            else
            {
                Fail(prefix + property.Name, $"Unknown field. Allowed: {string.Join(", ", allowed)}.");
            }
        }

        return fields;
    }

    /// <summary>A string field; null (and no error) when it is absent or null.</summary>
    public string? OptionalString(Dictionary<string, JsonElement> fields, string name, string prefix = "")
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(prefix + name, "Must be a string.");
            return null;
        }

        return value.GetString();
    }

    /// <summary>Throws a 400 problem listing the valid connector types unless <paramref name="type"/> is one.</summary>
    public static string RequireKnownType(string? type)
    {
        if (type is not null && ConnectorTypes.All.Contains(type, StringComparer.Ordinal))
        {
            return type;
        }

        var validTypes = string.Join(", ", ConnectorTypes.All);
        throw new ProblemException(
            StatusCodes.Status400BadRequest,
            "Unknown connector type",
            type is null
                ? $"The field type is required; valid types: {validTypes}."
                : $"The connector type is not valid; valid types: {validTypes}.")
        {
            Extensions = { ["validTypes"] = ConnectorTypes.All },
        };
    }
}
