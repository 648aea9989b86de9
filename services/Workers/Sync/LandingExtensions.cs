using Connectors.Workers.Data;

namespace Connectors.Workers.Sync;

public static class LandingExtensions
{
    /// <summary>Lands one page of a stream and adds what it changed to the stream's progress.</summary>
    public static async Task LandPageAsync(
        this ILandingRepository landing,
        SyncScope scope,
        StreamProgress progress,
        IReadOnlyList<object?[]> rows,
        object? cursor,
        CancellationToken cancellationToken)
    {
        var count = await landing.LandAsync(scope, progress.Stream, rows, cursor, cancellationToken);
        progress.Add(rows.Count, count.Inserted, count.Updated);
        await scope.Progress.PageLandedAsync(scope, progress, cancellationToken);
    }
}
