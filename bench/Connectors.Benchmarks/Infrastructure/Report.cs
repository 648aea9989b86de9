using System.Globalization;
using System.Text;

namespace Connectors.Benchmarks.Infrastructure;

/// <summary>A goal on the median of a figure: at least or at most a bound.</summary>
public sealed record Goal(string Text, Func<double, bool> IsMet)
{
    public static Goal AtLeast(double bound, string unit = "") =>
        new($"≥ {Format(bound)}{unit}", value => value >= bound);

    public static Goal AtMost(double bound, string unit = "") =>
        new($"≤ {Format(bound)}{unit}", value => value <= bound);

    public static Goal Below(double bound, string unit = "") =>
        new($"< {Format(bound)}{unit}", value => value < bound);

    public static Goal Exactly(double bound) => new($"= {Format(bound)}", value => value == bound);

    internal static string Format(double value) => value switch
    {
        double.NaN => "—",
        >= 1000 or <= -1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 or <= -100 => value.ToString("0.#", CultureInfo.InvariantCulture),
        >= 1 or <= -1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

/// <summary>One figure measured in every round.</summary>
public sealed class Figure(string measure, string unit, Goal? goal)
{
    public string Measure { get; } = measure;

    public string Unit { get; } = unit;

    public Goal? Goal { get; } = goal;

    public List<double> Values { get; } = [];

    public Summary Summary => Summary.Of(Values);
}

/// <summary>The figures of one benchmark, in the order they are reported.</summary>
public sealed class Section(string title, string description)
{
    private readonly List<Figure> _figures = [];

    public string Title { get; } = title;

    public string Description { get; } = description;

    public List<string> Notes { get; } = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public Figure Add(string measure, string unit, Goal? goal = null)
    {
        var figure = new Figure(measure, unit, goal);
        _figures.Add(figure);
        return figure;
    }

    public void Render(StringBuilder markdown)
    {
        markdown.AppendLine(CultureInfo.InvariantCulture, $"### {Title}").AppendLine();
        markdown.AppendLine(Description).AppendLine();
        markdown.AppendLine("| Measure | Unit | Median | Min | Max | Rounds | Goal | Met |");
        markdown.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var figure in _figures)
        {
            var summary = figure.Summary;
            var met = figure.Goal is null || summary.Count == 0 ? ""
                : figure.Goal.IsMet(summary.Median) ? "yes" : "**no**";
            markdown.AppendLine(CultureInfo.InvariantCulture,
                $"| {figure.Measure} | {figure.Unit} | {Goal.Format(summary.Median)} | {Goal.Format(summary.Min)} | " +
                $"{Goal.Format(summary.Max)} | {summary.Count} | {figure.Goal?.Text ?? ""} | {met} |");
        }

        markdown.AppendLine();
        foreach (var note in Notes)
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        if (Notes.Count > 0)
        {
            markdown.AppendLine();
        }
    }
}
