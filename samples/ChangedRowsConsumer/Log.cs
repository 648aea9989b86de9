namespace Connectors.Samples.ChangedRowsConsumer;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Waiting for SyncCompleted on queue {Queue}")]
    public static partial void Listening(ILogger logger, string queue);

    [LoggerMessage(2, LogLevel.Information,
        "Sync {SyncId} of {Type} for project {ProjectId} ended {Status}: {Tables} tables changed")]
    public static partial void SyncReceived(
        ILogger logger, string syncId, string type, Guid projectId, string status, int tables);

    [LoggerMessage(3, LogLevel.Information,
        "{Table}: read {Rows} rows changed by sync {SyncId} ({Inserted} inserted, {Updated} updated; window read: "
        + "{Window})")]
    public static partial void TableRead(
        ILogger logger, string table, long rows, string syncId, long inserted, long updated, string window);

    [LoggerMessage(4, LogLevel.Warning,
        "{Table}: sync {SyncId} reported {Changed} changed rows but {Rows} still carry its id; a later sync changed "
        + "the others again and its own event covers them")]
    public static partial void RowsChangedSince(ILogger logger, string table, string syncId, long changed, long rows);

    [LoggerMessage(5, LogLevel.Warning, "Sync {SyncId} names {Table}, which is not a landing table; skipped")]
    public static partial void UnknownTable(ILogger logger, string syncId, string table);
}
