using Connectors.ConnectorRegistry.Endpoints;
using Connectors.ConnectorRegistry.Extensions;
using Connectors.Messaging;
using Connectors.ServiceDefaults;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Security;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRegistryServices();

var app = builder.Build();

app.UseDefaultProblemDetails();
app.UseTrustedCallers();

app.MapDefaultEndpoints();
app.MapConnectorsApi();
app.MapInternalConnectorsApi();

await app.MigrateDatabaseAsync(RegistryServiceExtensions.Schema, typeof(Program).Assembly);
await OutboxRelay.EnsureTablesAsync(
    app.Services.GetRequiredService<NpgsqlDataSource>(),
    RegistryServiceExtensions.Schema,
    app.Lifetime.ApplicationStopping);

await app.RunAsync();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
