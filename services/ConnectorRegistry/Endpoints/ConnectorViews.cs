using System.Text.Json.Serialization;
using Connectors.ConnectorRegistry.Data;
using Connectors.ConnectorRegistry.Expiry;

namespace Connectors.ConnectorRegistry.Endpoints;

/// <summary>
/// A connector as the public API shows it. <see cref="TokenExpiresAt"/> appears when the connector's access ends on
/// a known date unless the user connects again (Meta), and <see cref="Warning"/> when that date is near.
/// </summary>
public sealed record ConnectorView(
    string Type,
    string Status,
    DateTime? LastSync,
    string? AccountName,
    DateTime? ConnectedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? TokenExpiresAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning = null)
{
    public static ConnectorView From(Connector connector, TokenExpiryWarnings? warnings = null) => new(
        connector.Type,
        connector.Status,
        connector.LastSyncAt,
        connector.AccountName,
        connector.ConnectedAt,
        connector.StatusReason,
        connector.TokenExpiresAt,
        warnings?.For(connector));
}

/// <summary>The answer to connecting an OAuth platform: the user continues at <see cref="AuthorizeUrl"/>.</summary>
public sealed record PendingConnectorView(string Type, string Status, string AuthorizeUrl);

/// <summary>The answer to a disconnection.</summary>
public sealed record DisconnectedView(
    string Type,
    bool Disconnected,
    bool Revoked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevocationError);

/// <summary>A connector as the internal API shows it to other services.</summary>
public sealed record InternalConnectorView(Guid ProjectId, string Type, string Status, string? AccountId);
