namespace Connectors.Benchmarks.Infrastructure;

/// <summary>Median, minimum and maximum of the values of several rounds.</summary>
public sealed record Summary(double Median, double Min, double Max, int Count)
{
    public static Summary Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new Summary(double.NaN, double.NaN, double.NaN, 0);
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>The value below which <paramref name="percent"/> % of the samples fall (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sortedValues, double percent)
    {
        if (sortedValues.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sortedValues.Count);
        return sortedValues[Math.Clamp(rank - 1, 0, sortedValues.Count - 1)];
    }

    /// <summary>Least-squares slope of <paramref name="y"/> over <paramref name="x"/>.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2)
        {
            return 0;
        }

        var meanX = x.Average();
        var meanY = y.Average();
        var numerator = x.Zip(y, (a, b) => (a - meanX) * (b - meanY)).Sum();
        var denominator = x.Sum(a => (a - meanX) * (a - meanX));
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
