using Connectors.Contracts;
using MassTransit;

namespace Connectors.Workers.Sync;

/// <summary>
/// Tells watchers how far one connector's sync has come, as <see cref="SyncProgressed"/>, at most once per
/// <see cref="Interval"/>: a page lands every few milliseconds on a fast platform, and a message per page would
/// cost more than the page.
/// </summary>
public sealed class ProgressReporter(IPublishEndpoint publisher, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly List<StreamProgress> _streams = [];
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public void Track(StreamProgress stream) => _streams.Add(stream);

    public async Task PageLandedAsync(SyncScope scope, StreamProgress current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastReport < Interval)
        {
            return;
        }

        _lastReport = now;
        await publisher.Publish(
            new SyncProgressed
            {
                SyncId = scope.SyncId,
                ProjectId = scope.ProjectId,
                Type = scope.Type,
                Stream = current.Stream.Name,
                Records = _streams.ToDictionary(stream => stream.Stream.Name, stream => stream.Records),
                At = now,
            },
            cancellationToken);
    }
}
