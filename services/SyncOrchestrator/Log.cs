namespace Connectors.SyncOrchestrator;

internal static partial class Log
{
    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Information,
        Message = "Sync {SyncId} ({Trigger}) requested for project {ProjectId}: {Types}")]
    public static partial void RunStarted(
        ILogger logger, string syncId, string trigger, Guid projectId, string types);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Debug,
        Message = "Project {ProjectId} already has sync {SyncId} active for every connector; no new run")]
    public static partial void RunAlreadyActive(ILogger logger, Guid projectId, string syncId);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Information,
        Message = "Sync {SyncId}: {Type} is {State}")]
    public static partial void ConnectorStateChanged(ILogger logger, string syncId, string type, string state);

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Debug,
        Message = "Sync {SyncId}: {Type} not moved to {State}, it is unknown or already further along")]
    public static partial void ConnectorStateKept(ILogger logger, string syncId, string type, string state);

    [LoggerMessage(
        EventId = 5,
        Level = LogLevel.Debug,
        Message = "{Consumer} already handled message {MessageId}; nothing changed")]
    public static partial void DuplicateMessage(ILogger logger, string consumer, Guid messageId);

    [LoggerMessage(
        EventId = 6,
        Level = LogLevel.Warning,
        Message = "The connector registry could not be reached")]
    public static partial void RegistryUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(
        EventId = 7,
        Level = LogLevel.Warning,
        Message = "The connector registry answered {StatusCode}")]
    public static partial void RegistryFailed(ILogger logger, int statusCode);

    [LoggerMessage(
        EventId = 8,
        Level = LogLevel.Information,
        Message = "Scheduled sync: {Projects} project(s) with connected connectors, {Started} run(s) started")]
    public static partial void ScheduleFired(ILogger logger, int projects, int started);

    [LoggerMessage(
        EventId = 9,
        Level = LogLevel.Debug,
        Message = "Sync {SyncId}: {Type} reads {Stream}, {Records} record(s) so far")]
    public static partial void ConnectorProgressed(
        ILogger logger, string syncId, string type, string stream, long records);

    [LoggerMessage(
        EventId = 10,
        Level = LogLevel.Debug,
        Message = "Sync {SyncId}: progress of {Type} ignored, it is unknown, finished or a newer report is stored")]
    public static partial void ConnectorProgressIgnored(ILogger logger, string syncId, string type);

    [LoggerMessage(
        EventId = 30,
        Level = LogLevel.Information,
        Message = "Project {ProjectId} disconnected {Type}: {Cancelled} active sync part(s) cancelled")]
    public static partial void ConnectorCancelled(ILogger logger, Guid projectId, string type, int cancelled);

    [LoggerMessage(
        EventId = 31,
        Level = LogLevel.Information,
        Message = "Sync {SyncId}: {Type} requested again, attempt {Attempt}")]
    public static partial void AttemptRequested(ILogger logger, string syncId, string type, int attempt);

    [LoggerMessage(
        EventId = 32,
        Level = LogLevel.Warning,
        Message = "The retry scheduler could not request due attempts; it tries again shortly")]
    public static partial void RetrySchedulerFailed(ILogger logger, Exception exception);
}
