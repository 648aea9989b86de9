namespace Connectors.SyncOrchestrator.Tests;

/// <summary>
/// Waits for something asynchronous (a relay, a consumer) to happen. The limit only keeps a broken build from
/// hanging the suite; no assertion depends on how long it took.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan _limit = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        using var limit = new CancellationTokenSource(_limit);
        while (!await condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting until {what}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
