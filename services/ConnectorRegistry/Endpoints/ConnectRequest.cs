using System.Text.Json;
using Connectors.Contracts;

namespace Connectors.ConnectorRegistry.Endpoints;

/// <summary>A checked <c>POST /api/connectors</c> body.</summary>
public sealed record ConnectRequest(string Type, JsonElement? Credentials)
{
    private const string ApiKeyField = "apiKey";

    /// <summary>Parses the body; returns null and fills <paramref name="errors"/> when it is not acceptable.</summary>
    internal static ConnectRequest? Parse(JsonElement body, out IDictionary<string, string[]> errors)
    {
        var check = new RequestBody();
        var fields = check.Fields(body, ["type", "credentials"]);
        var type = check.OptionalString(fields, "type");
        var credentials = ReadCredentials(fields, check);
        errors = check.Errors;
        if (!check.IsValid)
        {
            return null;
        }

        type = RequestBody.RequireKnownType(type);
        CheckCredentials(type, credentials, check);
        return check.IsValid ? new ConnectRequest(type, credentials) : null;
    }

    private static JsonElement? ReadCredentials(Dictionary<string, JsonElement> fields, RequestBody check)
    {
        if (!fields.TryGetValue("credentials", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            check.Fail("credentials", "Must be an object.");
            return null;
        }

        return value;
    }

    private static void CheckCredentials(string type, JsonElement? credentials, RequestBody check)
    {
        if (!ConnectorTypes.ApiKey.Contains(type, StringComparer.Ordinal))
        {
            if (credentials is not null)
            {
                check.Fail(
                    "credentials",
                    $"{type} connects through OAuth: leave credentials out and open the authorizeUrl in the answer.");
            }

            return;
        }

        if (credentials is null)
        {
            check.Fail("credentials", $"{type} needs credentials: {{\"{ApiKeyField}\": \"…\"}}.");
            return;
        }

        var fields = check.Fields(credentials.Value, [ApiKeyField], "credentials.");
        if (!check.IsValid)
        {
            return;
        }

        var apiKey = check.OptionalString(fields, ApiKeyField, "credentials.");
        if (check.IsValid && string.IsNullOrWhiteSpace(apiKey))
        {
            check.Fail($"credentials.{ApiKeyField}", $"The {type} API key is required, as a string.");
        }
    }
}
