using Connectors.Contracts;

namespace Connectors.Workers.Http;

/// <summary>What a failed platform answer asks of the caller.</summary>
public enum PlatformFaultKind
{
    /// <summary>The access token was refused: refresh it once and ask again.</summary>
    TokenRefused,

    /// <summary>A rate limit: wait (the given delay, else <c>Retry-After</c>, else backoff) and ask again.</summary>
    Throttled,

    /// <summary>A passing fault at the platform: back off and ask again.</summary>
    Unavailable,

    /// <summary>Asking again cannot help: the sync fails with the given class and message.</summary>
    Refused,
}

/// <summary>The meaning of one failed answer, read from its status or in the platform's own terms.</summary>
public sealed record PlatformFault(
    PlatformFaultKind Kind,
    FailureClass Class = FailureClass.Bug,
    TimeSpan? Delay = null,
    string? Message = null)
{
    public static PlatformFault TokenRefused { get; } = new(PlatformFaultKind.TokenRefused, FailureClass.Auth);

    public static PlatformFault Unavailable { get; } = new(PlatformFaultKind.Unavailable, FailureClass.Transient);

    public static PlatformFault Throttle(TimeSpan? delay) =>
        new(PlatformFaultKind.Throttled, FailureClass.Quota, delay);

    public static PlatformFault Refuse(FailureClass failureClass, string message) =>
        new(PlatformFaultKind.Refused, failureClass, Message: message);
}
