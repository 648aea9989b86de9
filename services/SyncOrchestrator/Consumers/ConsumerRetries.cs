using MassTransit;

namespace Connectors.SyncOrchestrator.Consumers;

internal static class ConsumerRetries
{
    /// <summary>
    /// Three immediate attempts for a passing fault (a deadlock, a dropped connection), then three spaced ones for
    /// a short outage; after that MassTransit moves the message to the queue's <c>_error</c> queue.
    /// </summary>
    public static void UseProgressRetries(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.Zero,
            TimeSpan.Zero,
            TimeSpan.Zero,
            TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30)));

    /// <summary>The message id the inbox keys on; MassTransit sets one on every message it sends.</summary>
    public static Guid RequireMessageId(this ConsumeContext context) =>
        context.MessageId
        ?? throw new InvalidOperationException("A message without a MessageId cannot be deduplicated.");
}
