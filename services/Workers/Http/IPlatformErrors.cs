namespace Connectors.Workers.Http;

/// <summary>How one platform words its errors and asks callers to slow down.</summary>
public interface IPlatformErrors
{
    /// <summary>The platform's name in messages shown to users.</summary>
    string Platform { get; }

    /// <summary>
    /// True when a successful answer may still carry an error (QuickBooks faults inside a 200), so the caller reads
    /// such answers through <see cref="Interpret"/> before deserializing them.
    /// </summary>
    bool FaultsInSuccessfulAnswers => false;

    /// <summary>The wait the platform asks for in a throttled response's body, if it names one.</summary>
    TimeSpan? ThrottleDelay(string body, DateTimeOffset now);

    /// <summary>The platform's own explanation from an error body, short and free of secrets.</summary>
    string Describe(string body);

    /// <summary>
    /// Reads an answer in the platform's own terms (a throttle sent as 400, a dead token that must not be
    /// refreshed, a daily quota, a fault inside a 200); null leaves the meaning to the HTTP status.
    /// </summary>
    PlatformFault? Interpret(HttpResponseMessage response, string body, DateTimeOffset now) => null;

    /// <summary>The platform's id of a failed request for its support (<c>intuit_tid</c>, <c>fbtrace_id</c>).</summary>
    string? TraceId(HttpResponseMessage response, string body) => null;

    /// <summary>When a quota that keeps refusing calls resets, for platforms with a fixed reset time.</summary>
    DateTimeOffset? QuotaResetsAt(DateTimeOffset now) => null;
}
