using Connectors.Workers.Data;

namespace Connectors.Workers.Sync;

/// <summary>
/// Renews a sync's lease while the sync runs, and stops the sync (through <see cref="Token"/>) when a disconnect
/// asks it to or the lease is lost. Renewals come every sixth of the lease, so a disconnect is noticed within a few
/// seconds and a sync never outlives its lease unnoticed.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly SyncLeases _leases;
    private readonly SyncLease _lease;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _end = new();
    private readonly Task _loop;

    public LeaseKeeper(SyncLeases leases, SyncLease lease, TimeSpan every, TimeProvider time, CancellationToken host)
    {
        _leases = leases;
        _lease = lease;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(host);
        _loop = KeepAsync(every, time);
    }

    /// <summary>Cancelled when the host stops, the connector is disconnected, or the lease is lost.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Why the sync was told to stop (a disconnect), if it was.</summary>
    public string? CancelReason { get; private set; }

    /// <summary>Whether another worker holds the lease now: this one must not report an outcome.</summary>
    public bool Lost { get; private set; }

    private async Task KeepAsync(TimeSpan every, TimeProvider time)
    {
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_end.Token))
            {
                var reason = await RenewQuietlyAsync();
                if (reason is null)
                {
                    continue;
                }

                if (reason.Kind == Renewal.Lost)
                {
                    Lost = true;
                    await _stop.CancelAsync();
                    return;
                }

                if (reason.Kind == Renewal.Cancelled)
                {
                    CancelReason = reason.Reason;
                    await _stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_end.IsCancellationRequested)
        {
        }
    }

    // A database hiccup skips one renewal; the lease lasts several periods, and the sync's own writes would fail
    // first if the database stayed away.
    private async Task<RenewalResult?> RenewQuietlyAsync()
    {
        try
        {
            var reason = await _leases.RenewAsync(_lease, _end.Token);
            return reason switch
            {
                null => new RenewalResult(Renewal.Lost, null),
                "" => null,
                _ => new RenewalResult(Renewal.Cancelled, reason),
            };
        }
        catch (Npgsql.NpgsqlException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _end.CancelAsync();
        await _loop;
        _end.Dispose();
        _stop.Dispose();
    }

    private enum Renewal
    {
        Cancelled,
        Lost,
    }

    private sealed record RenewalResult(Renewal Kind, string? Reason);
}
