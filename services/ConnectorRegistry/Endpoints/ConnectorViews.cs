using System.Text.Json.Serialization;
using Connectors.ConnectorRegistry.Data;

namespace Connectors.ConnectorRegistry.Endpoints;

/// <summary>A connector as the public API shows it.</summary>
public sealed record ConnectorView(
    string Type,
    string Status,
    DateTime? LastSync,
    string? AccountName,
    DateTime? ConnectedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusReason)
{
    public static ConnectorView From(Connector connector) => new(
        connector.Type,
        connector.Status,
        connector.LastSyncAt,
        connector.AccountName,
        connector.ConnectedAt,
        connector.StatusReason);
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
