using Connectors.Contracts;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Connectors.Messaging;

public static class MessagingExtensions
{
    /// <summary>The connection string every service reads: <c>ConnectionStrings:RabbitMq</c>, an amqp:// URI.</summary>
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>The direct exchange that carries <see cref="SyncRequested"/>, routed by connector type.</summary>
    public const string SyncRequestedExchange = "connectors.sync-requested";

    /// <summary>
    /// Adds the MassTransit bus on RabbitMQ with the product's topology. <paramref name="configure"/> registers the
    /// service's consumers; <paramref name="endpoints"/> declares receive endpoints that need more than the
    /// defaults (such as the per-platform sync queues).
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? endpoints = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString)
            || !Uri.TryCreate(connectionString, UriKind.Absolute, out var hostAddress))
        {
            throw new InvalidOperationException(
                $"The setting ConnectionStrings:{ConnectionStringName} must be an amqp:// URI of the RabbitMQ broker.");
        }

        var messaging = builder.Configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>()
            ?? new MessagingOptions();
        builder.Services.AddSingleton(messaging);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseQueueType(context));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(hostAddress);
                rabbit.ConfigureProductTopology();
                endpoints?.Invoke(context, rabbit);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Binds the queue <c>sync-{type}</c> to the sync request exchange with routing key <paramref name="type"/>, so
    /// it receives that platform's requests and no other.
    /// </summary>
    public static void SyncRequestEndpoint<TConsumer>(
        this IRabbitMqBusFactoryConfigurator rabbit,
        IBusRegistrationContext context,
        string type,
        Action<IRabbitMqReceiveEndpointConfigurator>? configure = null)
        where TConsumer : class, IConsumer<SyncRequested>
    {
        rabbit.ReceiveEndpoint($"sync-{type}", endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false;
            endpoint.Bind<SyncRequested>(binding =>
            {
                binding.ExchangeType = ExchangeType.Direct;
                binding.RoutingKey = type;
            });
            endpoint.UseQueueType(context);
            configure?.Invoke(endpoint);
            endpoint.ConfigureConsumer<TConsumer>(context);
        });
    }

    /// <summary>Makes the endpoint's queue a quorum queue when <c>Messaging:QuorumQueues</c> says so.</summary>
    private static void UseQueueType(this IReceiveEndpointConfigurator endpoint, IServiceProvider services)
    {
        var options = services.GetRequiredService<MessagingOptions>();
        if (options.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue(options.QuorumReplicationFactor);
        }
    }

    private static void ConfigureProductTopology(this IRabbitMqBusFactoryConfigurator rabbit)
    {
        rabbit.Message<SyncRequested>(message => message.SetEntityName(SyncRequestedExchange));
        rabbit.Publish<SyncRequested>(publish => publish.ExchangeType = ExchangeType.Direct);
        rabbit.Send<SyncRequested>(send => send.UseRoutingKeyFormatter(context => context.Message.Type));
        rabbit.Message<SyncStarted>(message => message.SetEntityName("connectors.sync-started"));
        rabbit.Message<SyncProgressed>(message => message.SetEntityName("connectors.sync-progressed"));
        rabbit.Message<SyncCompleted>(message => message.SetEntityName("connectors.sync-completed"));
    }
}
