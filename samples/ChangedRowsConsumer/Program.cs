using Connectors.Contracts;
using Connectors.Samples.ChangedRowsConsumer;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

// MassTransit has a Host type of its own.
var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);

builder.Services.AddOptions<ChangedRowsOptions>()
    .Bind(builder.Configuration.GetSection(ChangedRowsOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(NpgsqlDataSource.Create(Required(builder.Configuration, "Postgres")));
builder.Services.AddSingleton<ChangedRowsStore>();
builder.Services.AddHostedService<DownstreamSchema>();

builder.Services.AddMassTransit(bus =>
{
    bus.AddConsumer<ReadChangedRowsConsumer>();
    bus.UsingRabbitMq((context, rabbit) =>
    {
        rabbit.Host(new Uri(Required(builder.Configuration, "RabbitMq")));

        // The product publishes SyncCompleted to this fan-out exchange; the queue below is bound to it.
        rabbit.Message<SyncCompleted>(message => message.SetEntityName("connectors.sync-completed"));
        var queue = context.GetRequiredService<IOptions<ChangedRowsOptions>>().Value.Queue!;
        rabbit.ReceiveEndpoint(queue, endpoint =>
        {
            endpoint.UseMessageRetry(retry => retry.Intervals(500, 2_000, 10_000));
            endpoint.ConfigureConsumer<ReadChangedRowsConsumer>(context);
        });
    });
});
builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);

var app = builder.Build();
app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => Log.Listening(
    app.Services.GetRequiredService<ILogger<ReadChangedRowsConsumer>>(),
    app.Services.GetRequiredService<IOptions<ChangedRowsOptions>>().Value.Queue!));
await app.RunAsync();

static string Required(IConfiguration configuration, string name) =>
    configuration.GetConnectionString(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"The setting ConnectionStrings:{name} is missing.");
