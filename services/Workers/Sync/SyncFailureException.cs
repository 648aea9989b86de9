using Connectors.Contracts;

namespace Connectors.Workers.Sync;

/// <summary>
/// A sync cannot go on, for a reason of a known class. The message is shown to users, so it never holds a token,
/// a key or a whole payload.
/// </summary>
public class SyncFailureException(FailureClass failureClass, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FailureClass FailureClass { get; } = failureClass;

    /// <summary>When asking again can succeed, when the platform said so (a quota's reset).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}

/// <summary>The OAuth service answered that the connector's grant is gone: the user must reconnect.</summary>
public sealed class GrantRevokedException(string reason) : SyncFailureException(FailureClass.Auth, reason);
