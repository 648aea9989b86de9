using Connectors.Testing;

namespace Connectors.ContractChecks;

/// <summary>Where the third-party checking tools and the vendors' API descriptions are.</summary>
public static class ContractTools
{
    /// <summary><c>tools/contracts</c>: the npm tools, installed by <c>npm ci --prefix tools/contracts</c>.</summary>
    public static string Folder { get; } = Path.Combine(TestServers.RepositoryRoot, "tools", "contracts");

    public static string Prism { get; } =
        Path.Combine(Folder, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");

    /// <summary>
    /// The <c>shared/specs</c> folder: <c>CONNECTORS_SPECS</c> when set, else the first one found upward from the
    /// repository root (the specs live beside the repository, not in it).
    /// </summary>
    public static string Specs { get; } = FindSpecs();

    public static void EnsureInstalled()
    {
        if (!File.Exists(Prism))
        {
            throw new InvalidOperationException(
                $"The contract tools are not installed ({Prism} is missing): run npm ci --prefix tools/contracts");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, "xmllint"))))
        {
            throw new InvalidOperationException(
                "xmllint is not installed: apt-get install libxml2-utils (scripts/test.sh does it)");
        }
    }

    private static string FindSpecs()
    {
        if (Environment.GetEnvironmentVariable("CONNECTORS_SPECS") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(TestServers.RepositoryRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs");
            if (File.Exists(Path.Combine(candidate, "stripe", "spec3.reporting-subset.prism.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "No shared/specs folder with the vendors' API descriptions was found above " + TestServers.RepositoryRoot);
    }
}
