using System.Text.Json.Nodes;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

internal sealed record StripeObject(string Id, long Created, JsonObject Body);

/// <summary>The Stripe objects of an account, newest first, built by varying the published samples.</summary>
internal sealed class StripeData(StripeFixtures fixtures)
{
    public static readonly Dictionary<string, int> DefaultSizes = new()
    {
        ["charges"] = 300,
        ["customers"] = 80,
        ["invoices"] = 120,
        ["subscriptions"] = 40,
        ["balance_transactions"] = 400,
    };

    private static readonly Dictionary<string, (string Resource, string Prefix, int Length)> Shapes = new()
    {
        ["charges"] = ("charge", "ch_", 24),
        ["customers"] = ("customer", "cus_", 14),
        ["invoices"] = ("invoice", "in_", 24),
        ["subscriptions"] = ("subscription", "sub_", 24),
        ["balance_transactions"] = ("balance_transaction", "txn_", 24),
    };

    private static readonly string[] Names = ["Jenny Rosen", "Ada Byron", "Alan Kay", "Grace Murray", "Ken Iverson"];

    public static bool IsStream(string stream) => Shapes.ContainsKey(stream);

    public static string Id(Account account, string stream, int index)
    {
        var (_, prefix, length) = Shapes[stream];
        return prefix + Deterministic.Base62(account.Seed, stream, index, length);
    }

    /// <summary>
    /// Objects ever created, deleted ones included (their indexes keep the ids of the others stable).
    /// </summary>
    public static int Count(Account account, string stream) =>
        account.Size(stream, DefaultSizes[stream]) + account.ChangesOf(stream).Created.Count;

    private static int BaseCount(Account account, string stream) => account.Size(stream, DefaultSizes[stream]);

    /// <summary>The ids the list endpoint serves, by index: deleted objects are gone from it.</summary>
    public static IEnumerable<string> Keys(Account account, string stream)
    {
        var deleted = account.ChangesOf(stream).Deleted;
        return Ids(account, stream).Ids.Take(Count(account, stream)).Where(id => !deleted.ContainsKey(id));
    }

    /// <summary>The object type Stripe names in <c>object</c> and in event types, e.g. <c>charge</c>.</summary>
    public static string ObjectName(string stream) => Shapes[stream].Resource;

    /// <summary>
    /// The order the list endpoint serves the stream in, built again only when the stream's shape changed since;
    /// the caller holds the store's lock.
    /// </summary>
    public static StripeListing Listing(Account account, string stream)
    {
        var changes = account.ChangesOf(stream);
        var shape = new ListingShape(BaseCount(account, stream), changes.Created.Count, changes.Deleted.Count);
        var cache = Ids(account, stream);
        if (cache.Listing is { } current && current.Shape == shape)
        {
            return current;
        }

        var count = Count(account, stream);
        var created = new long[count];
        for (var index = 0; index < count; index++)
        {
            created[index] = Created(account, stream, index);
        }

        var ids = cache.Ids;
        cache.Listing = new StripeListing(shape, ids, created, index => !changes.Deleted.ContainsKey(ids[index]));
        return cache.Listing;
    }

    /// <summary>The index of an object ever created, by its id; the caller holds the store's lock.</summary>
    public static int? IndexOf(Account account, string stream, string id) =>
        Ids(account, stream).Indexes.TryGetValue(id, out var index) && index < Count(account, stream) ? index : null;

    /// <summary>The object at an index as it is now; the caller holds the store's lock.</summary>
    public StripeObject Object(Account account, string stream, int index) => Build(account, stream, index);

    /// <summary>
    /// The objects with the given ids as they are now, or as they were at <paramref name="revisionsBack"/> changes
    /// ago (events carry an object as it became, and an update's previous attributes).
    /// </summary>
    public Dictionary<string, JsonObject> Bodies(
        Account account, string stream, IReadOnlyCollection<string> ids, int revisionsBack = 0)
    {
        var indexes = Ids(account, stream).Indexes;
        var count = Count(account, stream);
        var bodies = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (indexes.TryGetValue(id, out var index) && index < count && !bodies.ContainsKey(id))
            {
                var revision = (account.ChangesOf(stream).For(id)?.Version ?? 0) - revisionsBack;
                bodies[id] = Build(account, stream, index, Math.Max(0, revision)).Body;
            }
        }

        return bodies;
    }

    /// <summary>The stream's cache, its ids generated up to every object ever created.</summary>
    private static StripeStreamCache Ids(Account account, string stream)
    {
        if (!account.StripeCaches.TryGetValue(stream, out var cache))
        {
            cache = new StripeStreamCache();
            account.StripeCaches[stream] = cache;
        }

        var count = Count(account, stream);
        if (cache.Ids.Count == 0)
        {
            cache.Ids.Capacity = count;
            cache.Indexes.EnsureCapacity(count);
        }

        for (var index = cache.Ids.Count; index < count; index++)
        {
            var id = Id(account, stream, index);
            cache.Ids.Add(id);
            cache.Indexes[id] = index;
        }

        return cache;
    }

    private StripeObject Build(Account account, string stream, int index, int? atRevision = null)
    {
        var body = fixtures.Clone(Shapes[stream].Resource);
        var id = Id(account, stream, index);
        var created = Created(account, stream, index);
        body["id"] = id;
        body["created"] = created;
        body["livemode"] = false;
        var revision = atRevision ?? account.ChangesOf(stream).For(id)?.Version ?? 0;
        body["metadata"] = new JsonObject
        {
            ["sandbox_revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Vary(account, stream, index, body, revision);
        return new StripeObject(id, created, body);
    }

    private static long Created(Account account, string stream, int index)
    {
        var baseCount = account.Size(stream, DefaultSizes[stream]);
        if (index >= baseCount)
        {
            return account.ChangesOf(stream).Created[index - baseCount].ToUnixTimeSeconds();
        }

        var span = TimeSpan.FromDays(180).TotalSeconds / Math.Max(baseCount, 1);
        var jitter = Deterministic.Range(account.Seed, stream + "t", index, 0, Math.Max(1, (int)span));
        return account.Anchor.ToUnixTimeSeconds() - (long)(span * (baseCount - index)) + jitter;
    }

    private static void Vary(Account account, string stream, int i, JsonObject body, int revision)
    {
        var seed = account.Seed;
        var amount = Deterministic.Range(seed, stream + "amt", i, 5, 2000) * 100;
        var currency = Deterministic.Range(seed, "cur", i, 0, 10) == 0 ? "eur" : "usd";
        // References go to the account's original objects, so creating objects never rewrites existing ones.
        var customer = Id(account, "customers", i % Math.Max(1, BaseCount(account, "customers")));
        switch (stream)
        {
            case "charges":
                VaryCharge(account, i, body, amount, currency, customer, revision);
                break;
            case "customers":
                body["name"] = Names[Deterministic.Range(seed, "name", i, 0, Names.Length)] + $" {i + 1}";
                body["email"] = $"customer{i + 1}@example.com";
                body["balance"] = revision * -100;
                break;
            case "invoices":
                VaryInvoice(body, amount, currency, customer, revision);
                break;
            case "subscriptions":
                body["customer"] = customer;
                body["status"] = revision % 2 == 0 ? "active" : "past_due";
                break;
            default:
                body["amount"] = amount;
                body["fee"] = amount * 29 / 1000 + 30;
                body["net"] = amount - (amount * 29 / 1000 + 30);
                body["currency"] = currency;
                body["source"] = Id(account, "charges", i % Math.Max(1, BaseCount(account, "charges")));
                body["available_on"] = body["created"]!.GetValue<long>() + 2 * 86400;
                break;
        }
    }

    private static void VaryCharge(
        Account account, int i, JsonObject body, int amount, string currency, string customer, int revision)
    {
        body["amount"] = amount;
        body["amount_captured"] = amount;
        body["amount_refunded"] = Math.Min(amount, revision * 100);
        body["refunded"] = revision * 100 >= amount;
        body["captured"] = true;
        body["currency"] = currency;
        body["customer"] = customer;
        body["status"] = "succeeded";
        body["balance_transaction"] = Id(account, "balance_transactions", i);
        body["description"] = revision == 0
            ? $"Sandbox charge {i + 1}"
            : $"Sandbox charge {i + 1} (revision {revision})";
    }

    private static void VaryInvoice(JsonObject body, int amount, string currency, string customer, int revision)
    {
        body["customer"] = customer;
        body["currency"] = currency;
        body["amount_due"] = amount;
        body["amount_paid"] = revision > 0 ? amount : 0;
        body["amount_remaining"] = revision > 0 ? 0 : amount;
        body["status"] = revision > 0 ? "paid" : "open";
    }
}
