using System.Globalization;
using System.Text;

namespace Connectors.Load.Tests;

/// <summary>
/// What a load run did and how long it took, as the README quotes it: written as a small markdown table to the
/// test results and the test output, before any assertion, so a failing run leaves its figures too.
/// </summary>
public sealed record LoadFigures(
    int Projects,
    int Connectors,
    int ConnectorSyncs,
    long RecordsLanded,
    int Failures,
    TimeSpan WallTime)
{
    public double RecordsPerSecond => WallTime > TimeSpan.Zero ? RecordsLanded / WallTime.TotalSeconds : 0;

    public string ToMarkdown(DateTimeOffset at)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder()
            .AppendLine(culture, $"Load run of {at:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores")
            .AppendLine()
            .AppendLine("| Projects | Connectors | Syncs | Records landed | Failures | Wall time | Records/s |")
            .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            .AppendLine(culture,
                $"| {Projects} | {Connectors} | {ConnectorSyncs} | {RecordsLanded:N0} | {Failures} "
                + $"| {WallTime.TotalSeconds:F1} s | {RecordsPerSecond:N0} |");
        return text.ToString();
    }
}
