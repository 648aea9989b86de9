using Connectors.Testing;

namespace Connectors.Benchmarks;

/// <summary>
/// Command line: <c>[--quick] [--only gateway,ingest,fanout,token] [--output path]</c>. Quick runs every benchmark
/// once, smaller and shorter, to check that the suite works; its figures are not for comparison.
/// </summary>
public sealed record BenchOptions(bool Quick, IReadOnlySet<string> Only, string Output)
{
    public const string Usage =
        "usage: scripts/bench.sh [--quick] [--only gateway,ingest,fanout,token] [--output path]\n" +
        "  --quick   one short round of each benchmark, to check that the suite works (figures not comparable)\n" +
        "  --only    the benchmarks to run, separated by commas (default: all)\n" +
        "  --output  where the markdown report goes (default: docs/benchmarks.md)";

    public static readonly IReadOnlyList<string> All = ["gateway", "ingest", "fanout", "token"];

    public int Rounds => Quick ? 1 : 5;

    public bool Runs(string benchmark) => Only.Contains(benchmark);

    /// <summary>Reads the command line; anything it does not know is an <see cref="ArgumentException"/>.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        string? only = null;
        string? output = null;
        for (var index = 0; index < args.Count; index++)
        {
            switch (args[index])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--only":
                    only = ValueOf(args, ref index);
                    break;
                case "--output":
                    output = ValueOf(args, ref index);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument: {args[index]}.");
            }
        }

        const StringSplitOptions Split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var benchmarks = only?.Split(',', Split) ?? [.. All];
        if (benchmarks.Length == 0)
        {
            throw new ArgumentException("--only names no benchmark.");
        }

        var unknown = benchmarks.Except(All).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown benchmark(s): {string.Join(", ", unknown)}.");
        }

        output = Path.GetFullPath(output ?? Path.Combine(TestServers.RepositoryRoot, "docs", "benchmarks.md"));
        return new BenchOptions(quick, benchmarks.ToHashSet(), output);
    }

    /// <summary>
    /// Creates the report's folder and checks that the report can be written there, before any benchmark runs: a
    /// mistake found after a quarter of an hour of rounds would lose them.
    /// </summary>
    public void CheckOutput()
    {
        if (Directory.Exists(Output))
        {
            throw new IOException($"--output {Output} is a folder; give a file name.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Output)!);
        var existed = File.Exists(Output);
        using (File.Open(Output, FileMode.Append, FileAccess.Write))
        {
        }

        if (!existed)
        {
            File.Delete(Output);
        }
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int index)
    {
        var name = args[index];
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} needs a value.");
        }

        index++;
        return args[index];
    }
}
