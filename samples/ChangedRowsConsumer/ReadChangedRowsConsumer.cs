using Connectors.Contracts;
using MassTransit;

namespace Connectors.Samples.ChangedRowsConsumer;

/// <summary>
/// Reads, for every stream a <see cref="SyncCompleted"/> says changed rows, exactly those rows: the ones in the
/// stream's table that carry the sync's id. Failed syncs are read too: the pages they landed stay landed.
/// </summary>
public sealed class ReadChangedRowsConsumer(
    ChangedRowsStore store,
    ILogger<ReadChangedRowsConsumer> logger) : IConsumer<SyncCompleted>
{
    public async Task Consume(ConsumeContext<SyncCompleted> context)
    {
        var completed = context.Message;
        var changed = completed.Streams.Where(stream => stream.Inserted + stream.Updated > 0).ToList();
        Log.SyncReceived(logger, completed.SyncId, completed.Type, completed.ProjectId, completed.Status.ToString(),
            changed.Count);
        foreach (var stream in changed)
        {
            if (await store.ReadAsync(completed, stream, context.CancellationToken) is not { } rows)
            {
                Log.UnknownTable(logger, completed.SyncId, stream.Table);
                continue;
            }

            Log.TableRead(logger, stream.Table, rows, completed.SyncId, stream.Inserted, stream.Updated,
                Window(stream));
            if (rows != stream.Inserted + stream.Updated)
            {
                Log.RowsChangedSince(logger, stream.Table, completed.SyncId, stream.Inserted + stream.Updated, rows);
            }
        }
    }

    private static string Window(StreamResult stream) => (stream.WindowStart, stream.WindowEnd) switch
    {
        ({ } start, { } end) => $"{start:u} to {end:u}",
        (null, { } end) => $"everything up to {end:u}",
        _ => "not said",
    };
}
