using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>Summable activity of one (date, channel, country, device) cell of a GA4 property.</summary>
internal sealed record GaTotals(
    long Sessions,
    long EngagedSessions,
    long TotalUsers,
    long NewUsers,
    long Views,
    long Conversions,
    double Revenue,
    double DurationSeconds)
{
    public static readonly GaTotals Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    public GaTotals Add(GaTotals other) => new(
        Sessions + other.Sessions,
        EngagedSessions + other.EngagedSessions,
        TotalUsers + other.TotalUsers,
        NewUsers + other.NewUsers,
        Views + other.Views,
        Conversions + other.Conversions,
        Revenue + other.Revenue,
        DurationSeconds + other.DurationSeconds);
}

internal sealed record GaCell(DateOnly Date, string Channel, string Country, string Device, GaTotals Totals)
{
    public string Dimension(string name) => name switch
    {
        "date" => Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        "sessionDefaultChannelGroup" or "defaultChannelGroup" or "firstUserDefaultChannelGroup" => Channel,
        "country" => Country,
        "deviceCategory" => Device,
        _ => "(not set)",
    };
}

/// <summary>A metric the sandbox's runReport serves: its GA4 type and how it is read from summed totals.</summary>
internal sealed record GaMetric(string Type, Func<GaTotals, string> Value);

/// <summary>Sessions of a GA4 property by date, channel group, country and device, derived from the seed.</summary>
internal static class AnalyticsData
{
    public const string DailyChannels = "daily_channels";

    public static readonly IReadOnlySet<string> Dimensions = new HashSet<string>(StringComparer.Ordinal)
    {
        "date",
        "sessionDefaultChannelGroup",
        "defaultChannelGroup",
        "firstUserDefaultChannelGroup",
        "country",
        "deviceCategory",
    };

    public static readonly IReadOnlyDictionary<string, GaMetric> Metrics = new Dictionary<string, GaMetric>
    {
        ["sessions"] = new("TYPE_INTEGER", t => Int(t.Sessions)),
        ["engagedSessions"] = new("TYPE_INTEGER", t => Int(t.EngagedSessions)),
        ["totalUsers"] = new("TYPE_INTEGER", t => Int(t.TotalUsers)),
        ["activeUsers"] = new("TYPE_INTEGER", t => Int(t.TotalUsers)),
        ["newUsers"] = new("TYPE_INTEGER", t => Int(t.NewUsers)),
        ["screenPageViews"] = new("TYPE_INTEGER", t => Int(t.Views)),
        ["conversions"] = new("TYPE_INTEGER", t => Int(t.Conversions)),
        ["keyEvents"] = new("TYPE_INTEGER", t => Int(t.Conversions)),
        ["engagementRate"] = new("TYPE_FLOAT", t => Ratio(t.EngagedSessions, t.Sessions)),
        ["bounceRate"] = new("TYPE_FLOAT", t => Ratio(t.Sessions - t.EngagedSessions, t.Sessions)),
        ["screenPageViewsPerSession"] = new("TYPE_FLOAT", t => Ratio(t.Views, t.Sessions)),
        ["averageSessionDuration"] = new("TYPE_SECONDS", t => Ratio(t.DurationSeconds, t.Sessions)),
        ["totalRevenue"] = new("TYPE_CURRENCY", t => Money(t.Revenue)),
        ["purchaseRevenue"] = new("TYPE_CURRENCY", t => Money(t.Revenue)),
    };

    private static readonly string[] ChannelNames =
    [
        "Organic Search",
        "Direct",
        "Paid Search",
        "Organic Social",
        "Email",
        "Referral",
        "Paid Social",
        "Display",
        "Affiliates",
        "Organic Video",
        "Paid Video",
        "Organic Shopping",
        "Paid Shopping",
        "Cross-network",
        "Unassigned",
    ];

    private static readonly string[] Countries = ["United States", "Germany", "United Kingdom", "France"];

    private static readonly string[] Devices = ["desktop", "mobile", "tablet"];

    public static IReadOnlyList<string> Channels(Account account)
    {
        var count = account.Size(DailyChannels, 6) + account.ChangesOf(DailyChannels).Created.Count;
        return Enumerable.Range(0, count)
            .Select(i => i < ChannelNames.Length ? ChannelNames[i] : $"Channel {i + 1}")
            .ToList();
    }

    public static string Key(DateOnly date, string channel) => $"{date:yyyy-MM-dd}|{channel}";

    public static IEnumerable<string> Keys(Account account, DateTimeOffset now)
    {
        var channels = Channels(account);
        return GoogleAdsData.Days(now).SelectMany(day => channels.Select(channel => Key(day, channel)));
    }

    /// <summary>Every cell of the requested days; the first cell of a (date, channel) carries its revisions.</summary>
    public static IEnumerable<GaCell> Cells(Account account, IEnumerable<DateOnly> days)
    {
        var channels = Channels(account);
        var changes = account.ChangesOf(DailyChannels);
        foreach (var day in days)
        {
            for (var c = 0; c < channels.Count; c++)
            {
                var revision = changes.For(Key(day, channels[c]))?.Version ?? 0;
                for (var i = 0; i < Countries.Length * Devices.Length; i++)
                {
                    var index = (long)day.DayNumber * 10_000 + c * 100 + i;
                    var totals = Totals(account.Seed, index, i == 0 ? revision : 0);
                    yield return new GaCell(
                        day, channels[c], Countries[i / Devices.Length], Devices[i % Devices.Length], totals);
                }
            }
        }
    }

    private static GaTotals Totals(ulong seed, long index, int revision)
    {
        var sessions = Deterministic.Range(seed, "ga-sessions", index, 3, 400) + revision;
        var engaged = sessions * Deterministic.Range(seed, "ga-engaged", index, 35, 80) / 100;
        var users = sessions * Deterministic.Range(seed, "ga-users", index, 70, 95) / 100;
        var newUsers = users * Deterministic.Range(seed, "ga-new", index, 20, 70) / 100;
        var views = sessions * Deterministic.Range(seed, "ga-views", index, 120, 450) / 100;
        var conversions = sessions * Deterministic.Range(seed, "ga-conv", index, 0, 60) / 1000;
        var revenue = Math.Round(conversions * Deterministic.Range(seed, "ga-aov", index, 2000, 12_000) / 100.0, 2);
        var duration = sessions * (double)Deterministic.Range(seed, "ga-duration", index, 30, 300);
        return new GaTotals(sessions, engaged, users, newUsers, views, conversions, revenue, duration);
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double part, double whole) =>
        whole <= 0 ? "0" : Math.Round(part / whole, 6).ToString(CultureInfo.InvariantCulture);
}
