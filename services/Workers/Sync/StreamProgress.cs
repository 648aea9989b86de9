using Connectors.Contracts;

namespace Connectors.Workers.Sync;

/// <summary>What a stream has landed so far; reported also when the sync fails part way.</summary>
public sealed class StreamProgress(SyncStream stream)
{
    public SyncStream Stream { get; } = stream;

    public long Records { get; private set; }

    public long Inserted { get; private set; }

    public long Updated { get; private set; }

    public DateTimeOffset? WindowStart { get; set; }

    public DateTimeOffset? WindowEnd { get; set; }

    public void Add(long records, long inserted, long updated)
    {
        Records += records;
        Inserted += inserted;
        Updated += updated;
    }

    public StreamResult ToResult() => new()
    {
        Stream = Stream.Name,
        Table = Stream.Table.QualifiedName,
        Records = Records,
        Inserted = Inserted,
        Updated = Updated,
        WindowStart = WindowStart,
        WindowEnd = WindowEnd,
    };
}
