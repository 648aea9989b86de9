using Connectors.ServiceDefaults;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Security;
using Connectors.Workers;
using Connectors.Workers.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkerServices();

var app = builder.Build();

app.UseDefaultProblemDetails();
app.UseTrustedCallers();
app.MapDefaultEndpoints();

await app.MigrateDatabaseAsync(WorkersDatabase.Schema, typeof(Program).Assembly);
await app.EnsureOutboxTablesAsync();

await app.RunAsync();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
