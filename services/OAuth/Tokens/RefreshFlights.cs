using System.Collections.Concurrent;

namespace Connectors.OAuth.Tokens;

/// <summary>
/// At most one refresh in flight per connection in this instance. Callers that find the token due while a refresh
/// runs await that refresh's outcome instead of queueing for the database lock one after another, so any number
/// of concurrent callers cost one lock, one read and one platform call. A forced refresh is a flight of its own:
/// its callers need a token newer than the one the platform refused, which an ordinary flight may not give them.
/// </summary>
public sealed class RefreshFlights
{
    private readonly ConcurrentDictionary<FlightKey, Task<RefreshOutcome>> _flights = new();

    /// <summary>
    /// The running flight for the connection, or a new one running <paramref name="refresh"/>. The flight runs to
    /// its end whoever waits for it; each caller stops waiting when its own token is cancelled.
    /// </summary>
    public Task<RefreshOutcome> JoinAsync(
        Guid projectId,
        string type,
        bool forced,
        Func<Task<RefreshOutcome>> refresh,
        CancellationToken cancellationToken)
    {
        var key = new FlightKey(projectId, type, forced);
        while (true)
        {
            if (_flights.TryGetValue(key, out var running))
            {
                return running.WaitAsync(cancellationToken);
            }

            var flight = new TaskCompletionSource<RefreshOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_flights.TryAdd(key, flight.Task))
            {
                _ = FlyAsync(key, flight, refresh);
                return flight.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task FlyAsync(
        FlightKey key,
        TaskCompletionSource<RefreshOutcome> flight,
        Func<Task<RefreshOutcome>> refresh)
    {
        RefreshOutcome outcome;
        try
        {
            outcome = await refresh();
        }
        catch (Exception exception)
        {
            Land(key, flight);
            flight.SetException(exception);
            return;
        }

        Land(key, flight);
        flight.SetResult(outcome);
    }

    /// <summary>
    /// Callers arriving from now on start a new flight: they may need a newer token than this one gave.
    /// </summary>
    private void Land(FlightKey key, TaskCompletionSource<RefreshOutcome> flight) =>
        _flights.TryRemove(KeyValuePair.Create(key, flight.Task));

    private readonly record struct FlightKey(Guid ProjectId, string Type, bool Forced);
}

/// <summary>A refresh's result; <c>Refreshed</c> when the flight got new tokens from the platform.</summary>
public sealed record RefreshOutcome(AccessTokenAnswer? Answer, string? ReauthReason, bool Refreshed = false);
