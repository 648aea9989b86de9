namespace Connectors.Observability.Tests;

/// <summary>Waits for something the system does in the background, and says what never happened.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(
        Func<Task<T?>> probe,
        string what,
        TimeSpan? within = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Gave up waiting: {what}.");
            }

            await Task.Delay(250);
        }
    }

    public static Task<T> ReturnsAsync<T>(Func<T?> probe, string what, TimeSpan? within = null)
        where T : class => ReturnsAsync(() => Task.FromResult(probe()), what, within);
}
