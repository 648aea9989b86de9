namespace Connectors.OAuth;

/// <summary>The service's log messages. Never pass a token, key, code or state to any of them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Authorization of {Type} started for project {ProjectId}")]
    public static partial void AuthorizationStarted(ILogger logger, string type, Guid projectId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Callback of {Type} refused: {Reason}")]
    public static partial void CallbackRefused(ILogger logger, string type, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Authorization of {Type} for project {ProjectId} ended at the platform with {Error}")]
    public static partial void AuthorizationDenied(ILogger logger, string type, Guid projectId, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Connecting {Type} for project {ProjectId} failed ({Failure}): {Reason}")]
    public static partial void ConnectionFailed(
        ILogger logger, string type, Guid projectId, string failure, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "{Type} connected for project {ProjectId} to account {AccountId}")]
    public static partial void Connected(ILogger logger, string type, Guid projectId, string accountId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error,
        Message = "The registry could not be told that {Type} of project {ProjectId} is {Status}")]
    public static partial void RegistryUpdateFailed(
        ILogger logger, string type, Guid projectId, string status, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug,
        Message = "Access token of {Type} refreshed for project {ProjectId}")]
    public static partial void TokenRefreshed(ILogger logger, string type, Guid projectId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug,
        Message = "Access token of {Type} for project {ProjectId} was refreshed meanwhile; no call to the platform")]
    public static partial void RefreshedMeanwhile(ILogger logger, string type, Guid projectId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "Grant of {Type} for project {ProjectId} is gone; re-authorization required: {Reason}")]
    public static partial void GrantRevoked(ILogger logger, string type, Guid projectId, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "Refreshing {Type} for project {ProjectId} failed ({Failure}); stored tokens kept: {Reason}")]
    public static partial void RefreshFailed(
        ILogger logger, string type, Guid projectId, string failure, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Credentials of {Type} deleted for project {ProjectId}; revoked at the platform: {Revoked}")]
    public static partial void CredentialsDeleted(ILogger logger, string type, Guid projectId, bool revoked);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning,
        Message = "Revoking {Type} for project {ProjectId} at the platform failed: {Reason}")]
    public static partial void RevocationFailed(ILogger logger, string type, Guid projectId, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information,
        Message = "API key of {Type} stored for project {ProjectId}, account {AccountId}")]
    public static partial void ApiKeyStored(ILogger logger, string type, Guid projectId, string accountId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information,
        Message = "API key of {Type} for project {ProjectId} refused by the platform")]
    public static partial void ApiKeyRefused(ILogger logger, string type, Guid projectId);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information,
        Message = "Re-encryption: {Resealed} credentials moved to key {ActiveKeyId} so far "
            + "({Skipped} skipped as busy or changed, {Failed} unreadable)")]
    public static partial void ReencryptionProgress(
        ILogger logger, int resealed, string activeKeyId, int skipped, int failed);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning,
        Message = "Re-encryption: credentials of {Type} for project {ProjectId} under key {KeyId} "
            + "could not be opened ({Error})")]
    public static partial void ReencryptionFailed(
        ILogger logger, string type, Guid projectId, string keyId, string error);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information,
        Message = "Re-encryption complete: every credential is sealed under key {ActiveKeyId}; "
            + "other keys may be removed from Encryption:Keys")]
    public static partial void ReencryptionComplete(ILogger logger, string activeKeyId);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning,
        Message = "Re-encryption: {Left} credentials are still sealed under keys other than {ActiveKeyId}")]
    public static partial void ReencryptionPending(ILogger logger, long left, string activeKeyId);

    [LoggerMessage(EventId = 19, Level = LogLevel.Error, Message = "Re-encryption pass failed; retried later")]
    public static partial void ReencryptionPassFailed(ILogger logger, Exception exception);
}
