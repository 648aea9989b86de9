namespace Connectors.ConnectorRegistry.Data;

/// <summary>The states a connector can be in, as the API spells them.</summary>
public static class ConnectorStatuses
{
    /// <summary>The OAuth flow started and has not finished.</summary>
    public const string Pending = "pending";

    /// <summary>Credentials are stored and valid as far as we know.</summary>
    public const string Connected = "connected";

    /// <summary>The platform refused the credentials; the user must connect again.</summary>
    public const string ReauthRequired = "reauth_required";

    /// <summary>Something else is wrong; <c>statusReason</c> says what.</summary>
    public const string Error = "error";

    public static IReadOnlyList<string> All { get; } = [Pending, Connected, ReauthRequired, Error];
}
