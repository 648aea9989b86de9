using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.Messaging;

public static class OutboxExtensions
{
    /// <summary>
    /// Adds the Dapper outbox and inbox kept in <paramref name="schema"/> and the relay that publishes the outbox.
    /// The tables are created by <see cref="OutboxRelay.EnsureTablesAsync"/>, which the service calls at start.
    /// </summary>
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder, string schema)
    {
        var options = new OutboxOptions(schema);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}
