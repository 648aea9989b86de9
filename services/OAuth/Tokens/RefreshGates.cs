namespace Connectors.OAuth.Tokens;

/// <summary>
/// In-process gates in front of the database lock, one of a fixed set per connection, so that callers queued
/// behind a refresh wait here instead of each holding a database connection. One set per service instance.
/// </summary>
public sealed class RefreshGates
{
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public SemaphoreSlim For(Guid projectId, string type) =>
        _gates[(int)((uint)HashCode.Combine(projectId, type) % _gates.Length)];
}
