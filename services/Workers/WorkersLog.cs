using Connectors.Contracts;

namespace Connectors.Workers;

/// <summary>The worker's log messages. Never a token, a key or a payload.</summary>
internal static partial class WorkersLog
{
    [LoggerMessage(1, LogLevel.Information, "Sync {SyncId} of {Type} for project {ProjectId} starting")]
    public static partial void SyncStarting(ILogger logger, string syncId, string type, Guid projectId);

    [LoggerMessage(2, LogLevel.Information, "Sync {SyncId} of {Type} finished: {Status}")]
    public static partial void SyncFinished(ILogger logger, string syncId, string type, SyncOutcome status);

    [LoggerMessage(3, LogLevel.Information,
        "Sync {SyncId} of {Type}: stream {Stream} read {Records}, inserted {Inserted}, updated {Updated}")]
    public static partial void StreamSynced(
        ILogger logger, string syncId, string type, string stream, long records, long inserted, long updated);

    [LoggerMessage(4, LogLevel.Warning,
        "Sync {SyncId} of {Type} skipped: the grant of project {ProjectId} is gone")]
    public static partial void SyncSkipped(ILogger logger, string syncId, string type, Guid projectId);

    [LoggerMessage(5, LogLevel.Warning, "Sync {SyncId} of {Type} failed ({FailureClass}): {Reason}")]
    public static partial void SyncFailed(
        ILogger logger, string syncId, string type, FailureClass failureClass, string reason);

    [LoggerMessage(6, LogLevel.Error, "Sync {SyncId} of {Type} stopped on an unexpected error")]
    public static partial void SyncBroke(ILogger logger, string syncId, string type, Exception exception);

    [LoggerMessage(40, LogLevel.Information,
        "Sync {SyncId} of {Type} for project {ProjectId} cancelled: the connector was disconnected")]
    public static partial void SyncCancelled(ILogger logger, string syncId, string type, Guid projectId);

    [LoggerMessage(41, LogLevel.Warning,
        "Sync {SyncId} of {Type}: attempt {Attempt} failed ({FailureClass}); attempt {Next} at {RetryAt}")]
    public static partial void AttemptDeferred(
        ILogger logger, string syncId, string type, int attempt, FailureClass failureClass, int next,
        DateTimeOffset retryAt);

    [LoggerMessage(42, LogLevel.Warning,
        "Sync {SyncId} of {Type}: taking over attempt {Attempt} from a worker that stopped renewing its lease")]
    public static partial void LeaseTakenOver(ILogger logger, string syncId, string type, int attempt);

    [LoggerMessage(43, LogLevel.Warning,
        "Sync {SyncId} of {Type}: another worker holds the connector now; this delivery reports nothing")]
    public static partial void LeaseLost(ILogger logger, string syncId, string type);

    [LoggerMessage(44, LogLevel.Information,
        "Disconnect of {Type} for project {ProjectId}: {Found}")]
    public static partial void DisconnectSeen(ILogger logger, string type, Guid projectId, string found);

    [LoggerMessage(7, LogLevel.Debug, "Sync request {SyncId} of {Type} was already handled; ignoring the redelivery")]
    public static partial void DuplicateRequest(ILogger logger, string syncId, string type);

    [LoggerMessage(8, LogLevel.Warning,
        "{Platform} answered {Status} to {What} (attempt {Attempt}); retrying in {Delay}")]
    public static partial void PlatformRetry(
        ILogger logger, string platform, string what, int status, int attempt, TimeSpan delay);

    [LoggerMessage(9, LogLevel.Warning, "{Platform} unreachable for {What} (attempt {Attempt}); retrying in {Delay}")]
    public static partial void PlatformUnreachable(
        ILogger logger, string platform, string what, int attempt, TimeSpan delay);

    [LoggerMessage(10, LogLevel.Information, "{Platform} refused the access token for {What}; forcing a refresh")]
    public static partial void TokenRejected(ILogger logger, string platform, string what);

    [LoggerMessage(11, LogLevel.Information,
        "HubSpot {ObjectType} search reached its result cap; restarting from {ModifiedAt:o}")]
    public static partial void SearchWindowRestarted(ILogger logger, string objectType, DateTimeOffset modifiedAt);

    [LoggerMessage(12, LogLevel.Warning, "{Platform} answered {Status} to {What}; its request id is {TraceId}")]
    public static partial void PlatformTrace(ILogger logger, string platform, string what, int status, string traceId);

    [LoggerMessage(13, LogLevel.Debug, "Meta report run {ReportRunId}: {AsyncStatus} ({Percent}%)")]
    public static partial void ReportRunPolled(ILogger logger, string reportRunId, string asyncStatus, int percent);

    [LoggerMessage(14, LogLevel.Information,
        "LinkedIn answered {Elements} elements for {From} to {To}, its cap; re-reading in slices of {Days} days")]
    public static partial void LinkedInSliceHalved(
        ILogger logger, int elements, DateOnly from, DateOnly to, int days);

    [LoggerMessage(15, LogLevel.Information,
        "QuickBooks change data capture of {Entity} reached {Objects} objects; reading the window with queries")]
    public static partial void CdcOverflow(ILogger logger, string entity, int objects);

    [LoggerMessage(16, LogLevel.Debug,
        "Google Analytics {Property}: {DailyTokens} tokens left today, {HourlyTokens} this hour")]
    public static partial void AnalyticsQuota(ILogger logger, string property, long? dailyTokens, long? hourlyTokens);

    [LoggerMessage(17, LogLevel.Warning,
        "Stripe events of {Resource} since {EventsFrom} are past Stripe's 30-day retention; "
        + "reading every object again")]
    public static partial void StripeEventsExpired(ILogger logger, string resource, DateTimeOffset eventsFrom);

    [LoggerMessage(18, LogLevel.Warning,
        "Stripe {Resource} has no events cursor yet; reading every object again")]
    public static partial void StripeEventsUnknown(ILogger logger, string resource);
}
