using Connectors.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.ServiceDefaults.Platforms;

public static class PlatformExtensions
{
    /// <summary>
    /// Binds <see cref="PlatformOptions"/> per connector type, as named options (<c>IOptionsMonitor.Get(type)</c>).
    /// Layers, lowest first: <c>platforms.json</c> (real hosts), the sandbox when <c>Sandbox:BaseUrl</c> is set,
    /// then the service's own configuration and environment.
    /// </summary>
    public static IHostApplicationBuilder AddPlatforms(this IHostApplicationBuilder builder)
    {
        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            // The file ships beside the assembly, wherever the content root is (dotnet run, test hosts).
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "platforms.json",
            Optional = false,
        });
        var sandbox = builder.Configuration[SandboxPlatforms.BaseUrlKey];
        if (!string.IsNullOrWhiteSpace(sandbox))
        {
            sources.Insert(1, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
            {
                InitialData = SandboxPlatforms.Settings(
                    sandbox, builder.Configuration[SandboxPlatforms.BrowserBaseUrlKey]),
            });
        }

        foreach (var type in ConnectorTypes.All)
        {
            builder.Services.AddOptions<PlatformOptions>(type)
                .Bind(builder.Configuration.GetSection($"{PlatformOptions.SectionName}:{type}"));
        }

        return builder;
    }
}
