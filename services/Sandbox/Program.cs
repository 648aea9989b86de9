using Connectors.Sandbox;
using Connectors.Sandbox.Endpoints;
using Connectors.Sandbox.OAuth;
using Connectors.Sandbox.State;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSandboxServices(builder.Configuration);

var app = builder.Build();

app.UseSandboxRequestLog();

app.MapAuthorizeEndpoints();
app.MapGoogleOAuth();
app.MapHubSpotOAuth();
app.MapMetaOAuth();
app.MapLinkedInOAuth();
app.MapQuickBooksOAuth();
app.MapStripeOAuth();

app.MapPlatformApis();
app.MapAdminApi();
app.MapGet("/health/live", () => TypedResults.Ok(new { status = "ok" }));
app.MapGet("/health/ready", () => TypedResults.Ok(new { status = "ok" }));

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
