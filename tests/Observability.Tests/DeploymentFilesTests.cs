using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Connectors.Testing;

namespace Connectors.Observability.Tests;

/// <summary>
/// The deployment files agree with the code: compose is valid, and every image it builds names a real service
/// project whose assembly is the one the Dockerfile runs.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Root = TestServers.RepositoryRoot;

    [Fact]
    public void Dockerfile_RunsTheAssemblyOfTheServiceItBuilds()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));

        Assert.Contains(
            "dotnet publish \"services/${SERVICE}/${SERVICE}.csproj\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains("SERVICE_ASSEMBLY=Connectors.${SERVICE}.dll", dockerfile, StringComparison.Ordinal);
        Assert.Contains("exec dotnet \\\"$SERVICE_ASSEMBLY\\\"", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_EveryBuiltServiceIsARealProjectWithTheExpectedAssembly()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));

        var built = BuildArgument().Matches(compose).Select(match => match.Groups["service"].Value).ToList();

        Assert.Equal(
            ["ConnectorRegistry", "Gateway", "OAuth", "Sandbox", "SyncOrchestrator", "Workers"],
            built.Distinct().Order(StringComparer.Ordinal));
        Assert.All(built, service =>
        {
            var project = Path.Combine(Root, "services", service, service + ".csproj");
            Assert.True(File.Exists(project), $"{project} does not exist");
            var assembly = XDocument.Load(project).Descendants("AssemblyName").Single().Value;
            Assert.Equal($"Connectors.{service}", assembly);
        });
    }

    [Fact]
    public async Task Compose_IsValidForDockerCompose()
    {
        // scripts/test.sh installs Debian's docker-compose; without it (a bare dotnet test) there is nothing to run.
        var binary = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            return;
        }

        var info = new ProcessStartInfo(binary)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-f", "docker-compose.yml", "--profile", "sandbox", "config", "-q" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var secret in new[]
            { "POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "CONNECTORS_SIGNING_KEY", "CONNECTORS_ENCRYPTION_KEY" })
        {
            info.Environment[secret] = "placeholder";
        }

        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
    }

    /// <summary>
    /// Secrets come from the environment: no committed settings file of a product service gives a value to a
    /// secret (the sandbox's own fake OAuth clients are fixtures of the fake platform, and are left out).
    /// </summary>
    [Fact]
    public void AppSettings_OfProductServices_HoldNoSecret()
    {
        var files = Directory
            .EnumerateFiles(Path.Combine(Root, "services"), "appsettings*.json", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
                StringComparison.Ordinal))
            .Where(file => !file.Contains($"services{Path.DirectorySeparatorChar}Sandbox", StringComparison.Ordinal))
            .ToList();

        var secrets = files.SelectMany(file => Secrets(file, System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(file)).RootElement, "")).ToList();

        Assert.NotEmpty(files);
        Assert.Empty(secrets);
    }

    private static IEnumerable<string> Secrets(string file, System.Text.Json.JsonElement element, string path)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var member in element.EnumerateObject())
        {
            var key = path.Length == 0 ? member.Name : $"{path}:{member.Name}";
            var secret = SecretName().IsMatch(member.Name)
                || path.EndsWith("Encryption:Keys", StringComparison.Ordinal);
            var value = member.Value.ValueKind == System.Text.Json.JsonValueKind.String
                ? member.Value.GetString() : null;
            if ((secret && value is { Length: > 0 })
                || (value is not null && value.Contains("Password=", StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{file}: {key}";
            }

            foreach (var nested in Secrets(file, member.Value, key))
            {
                yield return nested;
            }
        }
    }

    [GeneratedRegex("(Secret|SigningKey|Password|ApiKey$|DeveloperToken)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"dockerfile:\s*deploy/Dockerfile,\s*args:\s*\{\s*SERVICE:\s*(?<service>\w+)\s*\}")]
    private static partial Regex BuildArgument();
}
