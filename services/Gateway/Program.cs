using Connectors.Gateway.ApiDocs;
using Connectors.Gateway.Cli;
using Connectors.Gateway.Dashboard;
using Connectors.Gateway.Extensions;
using Connectors.ServiceDefaults;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Health;

var command = GatewayCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : []);

// Serves the dashboard assets from the build output's manifest in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();

// Every request passes through here: spans that no exporter takes would cost each one CPU for nothing.
builder.AddServiceDefaults(spansOnlyWhenExported: true);
builder.AddGatewayServices(commandLine: command is not null);

var app = builder.Build();

await app.MigrateDatabaseAsync(GatewayServiceExtensions.Schema, typeof(Program).Assembly);

if (command is not null)
{
    return await command.RunAsync(app.Services, Console.Out, Console.Error, CancellationToken.None);
}

app.UseDefaultProblemDetails();
app.UseGatewayProtection();

app.MapDefaultEndpoints();
app.MapSystemHealth();
app.MapApiDocs();
app.MapDashboard();
app.MapReverseProxy();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
