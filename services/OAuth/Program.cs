using Connectors.OAuth;
using Connectors.ServiceDefaults;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOAuthServices();

var app = builder.Build();

app.UseDefaultProblemDetails();
app.MapDefaultEndpoints();
app.UseTrustedCallers();

app.MapOAuthEndpoints();

await app.MigrateDatabaseAsync(OAuthServiceExtensions.Schema, typeof(Program).Assembly);
await app.RunAsync();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
