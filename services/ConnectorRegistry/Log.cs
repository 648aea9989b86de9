namespace Connectors.ConnectorRegistry;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Connector {Type} of project {ProjectId} connected")]
    public static partial void Connected(ILogger logger, string type, Guid projectId);

    [LoggerMessage(2, LogLevel.Information, "Connector {Type} of project {ProjectId} waits for its OAuth flow")]
    public static partial void Pending(ILogger logger, string type, Guid projectId);

    [LoggerMessage(
        3,
        LogLevel.Information,
        "Connector {Type} of project {ProjectId} disconnected (revoked at the platform: {Revoked})")]
    public static partial void Disconnected(ILogger logger, string type, Guid projectId, bool revoked);

    [LoggerMessage(4, LogLevel.Information, "Connector {Type} of project {ProjectId} is now {Status}")]
    public static partial void StatusChanged(ILogger logger, string type, Guid projectId, string status);

    [LoggerMessage(5, LogLevel.Warning, "The OAuth service cannot be reached")]
    public static partial void CredentialsServiceUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "The OAuth service answered {StatusCode}")]
    public static partial void CredentialsServiceFailed(ILogger logger, int statusCode);

    [LoggerMessage(7, LogLevel.Debug, "Last sync of {Type} for project {ProjectId} recorded (changed: {Changed})")]
    public static partial void SyncRecorded(ILogger logger, string type, Guid projectId, bool changed);

    [LoggerMessage(
        8,
        LogLevel.Information,
        "Connector {Type} of project {ProjectId} needs reauthorization after sync {SyncId} (changed: {Changed})")]
    public static partial void ReauthRequired(ILogger logger, string type, Guid projectId, string syncId, bool changed);

    [LoggerMessage(9, LogLevel.Information, "The platform refused the credentials of {Type} for project {ProjectId}")]
    public static partial void CredentialsRefused(ILogger logger, string type, Guid projectId);

    [LoggerMessage(
        10,
        LogLevel.Warning,
        "Connector {Type} of project {ProjectId} loses its access at {ExpiresAt:u}: {Warning}")]
    public static partial void TokenExpiring(
        ILogger logger, string type, Guid projectId, DateTimeOffset expiresAt, string warning);

    [LoggerMessage(11, LogLevel.Warning, "Looking for connectors whose access ends soon failed")]
    public static partial void ExpiryCheckFailed(ILogger logger, Exception exception);
}
