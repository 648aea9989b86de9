using Connectors.Messaging;
using Connectors.ServiceDefaults;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Security;
using Connectors.SyncOrchestrator;
using Connectors.SyncOrchestrator.Endpoints;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

builder.AddSyncOrchestratorServices();

var app = builder.Build();

app.UseDefaultProblemDetails();

app.UseTrustedCallers();

await app.MigrateDatabaseAsync(ServiceCollectionExtensions.Schema, typeof(Program).Assembly);
await OutboxRelay.EnsureTablesAsync(
    app.Services.GetRequiredService<NpgsqlDataSource>(),
    ServiceCollectionExtensions.Schema,
    app.Lifetime.ApplicationStopping);

app.MapDefaultEndpoints();

app.MapSyncApi();

await app.RunAsync();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
