namespace Connectors.Workers.Sync;

/// <summary>Where a date-partitioned stream stopped: the last date it read (inclusive).</summary>
public sealed record DateCursor(DateOnly LastDate);

/// <summary>
/// The days (inclusive, UTC) a date-partitioned stream reads: <c>backfillDays</c> back on its first sync, later
/// from <c>lookbackDays</c> before the last date read, because platforms restate recent days; always up to today.
/// </summary>
public readonly record struct DateWindow(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public static DateWindow For(DateCursor? cursor, DateTimeOffset now, int backfillDays, int lookbackDays)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = cursor is null ? today.AddDays(-backfillDays) : cursor.LastDate.AddDays(-lookbackDays);
        return new DateWindow(from > today ? today : from, today);
    }

    /// <summary>Records the window on the stream's result.</summary>
    public void Report(StreamProgress progress)
    {
        progress.WindowStart = new DateTimeOffset(From, TimeOnly.MinValue, TimeSpan.Zero);
        progress.WindowEnd = new DateTimeOffset(To, TimeOnly.MinValue, TimeSpan.Zero);
    }
}
