using Connectors.Gateway.Authentication;
using Connectors.Gateway.Data;
using Connectors.Gateway.Proxy;
using Connectors.Gateway.RateLimiting;
using Connectors.ServiceDefaults.Data;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging.Console;
using Npgsql;

namespace Connectors.Gateway.Extensions;

public static class GatewayServiceExtensions
{
    /// <summary>The gateway's PostgreSQL schema.</summary>
    public const string Schema = "gateway";

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder, bool commandLine)
    {
        builder.AddPostgres();
        builder.AddTrustedCallers();
        if (commandLine)
        {
            // stdout carries the command's JSON answer alone.
            builder.Services.Configure<ConsoleLoggerOptions>(options =>
                options.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PublicUrlOptions>()
            .Bind(builder.Configuration)
            .ValidateDataAnnotations()
            .Validate(
                options => options.PublicBaseUrl is { IsAbsoluteUri: true },
                "The setting PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IProjectRepository, ProjectRepository>();
        builder.Services.AddDataProtection().SetApplicationName("connectors-gateway");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, dataSource) =>
                options.XmlRepository = new PostgresXmlRepository(dataSource));

        builder.Services.AddGatewayAuthentication();
        builder.Services.AddGatewayRateLimiting(builder.Configuration);
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<SecureRoutesConfigFilter>()
            .AddTransforms<CallerTransformProvider>();
        return builder;
    }

    /// <summary>Everything between the network and the endpoints, in order.</summary>
    public static WebApplication UseGatewayProtection(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = AssetTypes() });
        app.UseApiBodyLimit();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseCsrfGuard();
        return app;
    }

    // Pages are endpoints that check the session; static files only serve the assets those pages load.
    private static FileExtensionContentTypeProvider AssetTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings.Remove(".html");
        types.Mappings.Remove(".htm");
        return types;
    }
}
