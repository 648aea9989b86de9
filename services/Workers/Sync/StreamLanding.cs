using System.Threading.Channels;
using Connectors.Workers.Data;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Sync;

/// <summary>
/// Lands a stream's pages in batches of <see cref="SyncOptions.LandingBatchRows"/> while the syncer goes on reading
/// the next pages. At most one batch waits while another lands, so the worker's memory stays bounded by a few
/// batches however long the stream is.
/// </summary>
public sealed class StreamLanding(ILandingRepository repository, IOptions<SyncOptions> options, TimeProvider time)
{
    /// <summary>
    /// Runs <paramref name="read"/>, which hands each page to the <see cref="PageWriter"/>, and returns once every
    /// page has landed. When reading fails, the pages read before the failure still land (with the latest cursor
    /// among them) before the failure goes on, as they would have page by page; when the sync is cancelled, they
    /// do not.
    /// </summary>
    public async Task LandAsync(
        SyncScope scope,
        StreamProgress progress,
        Func<PageWriter, Task> read,
        CancellationToken cancellationToken)
    {
        await using var writer = new PageWriter(repository.Open(scope, progress.Stream), scope, progress,
            options.Value, time, cancellationToken);
        try
        {
            await read(writer);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await writer.CompleteAsync(cancellationToken);
            throw;
        }

        await writer.CompleteAsync(cancellationToken);
    }
}

/// <summary>
/// Takes a stream's pages from its syncer and lands them in batches on a task of its own. A page's cursor describes
/// every row up to that page, so a batch saves the latest cursor it holds, in the transaction of its rows.
/// </summary>
public sealed class PageWriter : IAsyncDisposable
{
    private readonly ILandingSession _session;
    private readonly SyncScope _scope;
    private readonly StreamProgress _progress;
    private readonly int _batchRows;
    private readonly TimeSpan _batchDelay;
    private readonly TimeProvider _time;
    private readonly Channel<Batch> _batches =
        Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });

    private readonly Task _landing;
    private List<object?[]> _rows = [];
    private object? _cursor;
    private bool _pending;
    private long _firstPageAt;

    internal PageWriter(
        ILandingSession session,
        SyncScope scope,
        StreamProgress progress,
        SyncOptions options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        _session = session;
        _scope = scope;
        _progress = progress;
        _batchRows = options.LandingBatchRows;
        _batchDelay = options.LandingBatchDelay;
        _time = time;
        _landing = LandBatchesAsync(cancellationToken);
    }

    /// <summary>
    /// Adds one page and the cursor that holds once it has landed (null: the cursor does not move). Waits only while
    /// a full batch is already waiting to land; throws what stopped the landing, if it stopped.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<object?[]> rows, object? cursor, CancellationToken cancellationToken)
    {
        if (!_pending)
        {
            _pending = true;
            _firstPageAt = _time.GetTimestamp();
        }

        _rows.AddRange(rows);
        _cursor = cursor ?? _cursor;
        if (_rows.Count >= _batchRows || _time.GetElapsedTime(_firstPageAt) >= _batchDelay)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Lands what is left and waits until every batch has landed.</summary>
    internal async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        _batches.Writer.TryComplete();
        await _landing;
    }

    public async ValueTask DisposeAsync()
    {
        _batches.Writer.TryComplete();
        try
        {
            await _landing;
        }
        catch (Exception)
        {
            // Already thrown to the syncer by WriteAsync or CompleteAsync, or the sync was cancelled.
        }

        await _session.DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_pending)
        {
            return;
        }

        var batch = new Batch(_rows, _cursor);
        _rows = new List<object?[]>(Math.Min(_batchRows, batch.Rows.Count));
        _cursor = null;
        _pending = false;
        if (batch.Rows.Count == 0 && batch.Cursor is null)
        {
            return;
        }

        try
        {
            await _batches.Writer.WriteAsync(batch, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The landing task closed the channel because it failed: its exception is the one that matters.
            await _landing;
            throw;
        }
    }

    private async Task LandBatchesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
            {
                var count = await _session.LandAsync(batch.Rows, batch.Cursor, cancellationToken);
                _progress.Add(batch.Rows.Count, count.Inserted, count.Updated);
                await _scope.Progress.PageLandedAsync(_scope, _progress, cancellationToken);
            }
        }
        catch (Exception exception)
        {
            _batches.Writer.TryComplete(exception);
            throw;
        }
    }

    private sealed record Batch(List<object?[]> Rows, object? Cursor);
}
