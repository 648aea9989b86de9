namespace Connectors.Workers.Sync;

/// <summary>
/// Reads one platform's streams page by page and lands each page as it arrives. One implementation per platform,
/// registered under its connector type.
/// </summary>
public interface IPlatformSyncer
{
    /// <summary>The streams, in the order they are synced.</summary>
    IReadOnlyList<SyncStream> Streams { get; }

    /// <summary>Syncs one stream, recording into <paramref name="progress"/> what has landed.</summary>
    Task SyncAsync(SyncStream stream, SyncScope scope, StreamProgress progress, CancellationToken cancellationToken);
}
