namespace Connectors.Workers.Http;

/// <summary>How one platform words its errors and asks callers to slow down.</summary>
public interface IPlatformErrors
{
    /// <summary>The platform's name in messages shown to users.</summary>
    string Platform { get; }

    /// <summary>The wait the platform asks for in a throttled response's body, if it names one.</summary>
    TimeSpan? ThrottleDelay(string body, DateTimeOffset now);

    /// <summary>The platform's own explanation from an error body, short and free of secrets.</summary>
    string Describe(string body);
}
