using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed record CrmRecord(
    long Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, string> Properties);

/// <summary>Contacts, companies and deals of a HubSpot portal.</summary>
internal static class HubSpotData
{
    public static readonly Dictionary<string, int> DefaultSizes = new()
    {
        ["contacts"] = 250,
        ["companies"] = 60,
        ["deals"] = 120,
    };

    private static readonly string[] FirstNames =
        ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis"];

    private static readonly string[] LastNames =
        ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov"];

    private static readonly string[] Stages =
        ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"];

    private static readonly string[] DealStages =
    [
        "appointmentscheduled",
        "qualifiedtobuy",
        "presentationscheduled",
        "decisionmakerboughtin",
        "closedwon",
        "closedlost",
    ];

    private static readonly string[] Industries =
    [
        "COMPUTER_SOFTWARE",
        "RETAIL",
        "MARKETING_AND_ADVERTISING",
        "FINANCIAL_SERVICES",
        "HOSPITAL_HEALTH_CARE",
    ];

    public static bool IsStream(string stream) => DefaultSizes.ContainsKey(stream);

    public static string ModifiedProperty(string stream) =>
        stream == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";

    public static IReadOnlyList<string> DefaultProperties(string stream) => stream switch
    {
        "contacts" => ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
        "companies" => ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
        _ =>
        [
            "amount",
            "closedate",
            "createdate",
            "dealname",
            "dealstage",
            "hs_lastmodifieddate",
            "hs_object_id",
            "pipeline",
        ],
    };

    public static IReadOnlyList<CrmRecord> Records(Account account, string stream) =>
        From(account, stream, long.MinValue, int.MaxValue);

    /// <summary>
    /// At most <paramref name="count"/> records, in id order, from the first whose id is at least
    /// <paramref name="fromId"/>. Ids run on from the stream's first id in creation order and none is ever deleted,
    /// so only the records asked for are built.
    /// </summary>
    public static IReadOnlyList<CrmRecord> From(Account account, string stream, long fromId, int count)
    {
        var changes = account.ChangesOf(stream);
        var baseCount = account.Size(stream, DefaultSizes[stream]);
        var total = baseCount + changes.Created.Count;
        var baseId = 1000L + (long)(Deterministic.Hash(stream + account.Seed) % 9000) * 100_000;
        var start = fromId <= baseId ? 0 : (int)Math.Min(total, fromId - baseId);
        var end = (int)Math.Min(total, (long)start + count);
        return Enumerable.Range(start, end - start)
            .Select(i => Build(account, stream, baseId + i, i, baseCount, changes))
            .ToList();
    }

    private static CrmRecord Build(
        Account account, string stream, long id, int index, int baseCount, StreamChanges changes)
    {
        var seed = account.Seed;
        var span = TimeSpan.FromDays(365).Ticks / Math.Max(baseCount, 1);
        var created = index < baseCount
            ? account.Anchor
                .AddTicks(-span * (baseCount - index))
                .AddMinutes(Deterministic.Range(seed, stream, index, 0, 600))
            : changes.Created[index - baseCount];
        var key = id.ToString(CultureInfo.InvariantCulture);
        var change = changes.For(key);
        var untilAnchor = Math.Max(0, (int)(account.Anchor - created).TotalMinutes);
        var updated = change?.At ?? created.AddMinutes(
            Deterministic.Range(seed, stream + "upd", index, 0, Math.Min(untilAnchor, 43_200) + 1));
        var properties = Properties(seed, stream, id, index, change?.Version ?? 0);
        properties["hs_object_id"] = key;
        properties["createdate"] = Iso(created);
        properties[ModifiedProperty(stream)] = Iso(updated);
        return new CrmRecord(id, created, updated, properties);
    }

    private static Dictionary<string, string> Properties(ulong seed, string stream, long id, int i, int revision)
    {
        var first = FirstNames[Deterministic.Range(seed, "fn", i, 0, FirstNames.Length)];
        var last = LastNames[Deterministic.Range(seed, "ln", i, 0, LastNames.Length)];
        return stream switch
        {
            "contacts" => new()
            {
                ["email"] = $"{first}.{last}.{id}@example.com".ToLowerInvariant(),
                ["firstname"] = first,
                ["lastname"] = last,
                ["lifecyclestage"] =
                    Stages[(Deterministic.Range(seed, "stage", i, 0, Stages.Length) + revision) % Stages.Length],
            },
            "companies" => new()
            {
                ["name"] = $"{last} {(i % 3 == 0 ? "Labs" : i % 3 == 1 ? "Industries" : "Group")} {i + 1}",
                ["domain"] = $"{last.ToLowerInvariant()}{i + 1}.example.com",
                ["industry"] = Industries[Deterministic.Range(seed, "ind", i, 0, Industries.Length)],
                ["numberofemployees"] = (Deterministic.Range(seed, "emp", i, 5, 5000) + revision)
                    .ToString(CultureInfo.InvariantCulture),
            },
            _ => new()
            {
                ["dealname"] = $"{last} deal {i + 1}",
                ["amount"] = (Deterministic.Range(seed, "amt", i, 10, 500) * 100 + revision * 100)
                    .ToString(CultureInfo.InvariantCulture),
                ["dealstage"] = DealStages[Deterministic.Range(seed, "dst", i, 0, DealStages.Length)],
                ["pipeline"] = "default",
                ["closedate"] = Iso(
                    DateTimeOffset.UnixEpoch.AddDays(20_000 + Deterministic.Range(seed, "close", i, 0, 600))),
            },
        };
    }

    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
