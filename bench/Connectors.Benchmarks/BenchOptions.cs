using Connectors.Testing;

namespace Connectors.Benchmarks;

/// <summary>
/// Command line: <c>[--quick] [--only gateway,ingest,fanout,token] [--output path]</c>. Quick runs every benchmark
/// once, smaller and shorter, to check that the suite works; its figures are not for comparison.
/// </summary>
public sealed record BenchOptions(bool Quick, IReadOnlySet<string> Only, string Output)
{
    public static readonly IReadOnlyList<string> All = ["gateway", "ingest", "fanout", "token"];

    public int Rounds => Quick ? 1 : 5;

    public bool Runs(string benchmark) => Only.Contains(benchmark);

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        const StringSplitOptions Split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var only = Value(args, "--only")?.Split(',', Split) ?? [.. All];
        var unknown = only.Except(All).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown benchmark(s): {string.Join(", ", unknown)}.");
        }

        var output = Value(args, "--output") ?? Path.Combine(TestServers.RepositoryRoot, "docs", "benchmarks.md");
        return new BenchOptions(quick, only.ToHashSet(), output);
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
