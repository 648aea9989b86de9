using System.Text.Json.Nodes;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>
/// One Stripe event: what happened to an object, and the object as it became (an update also says what the changed
/// attributes were before).
/// </summary>
internal sealed record StripeEvent(
    string Id,
    long Created,
    long Sequence,
    string Type,
    JsonObject Object,
    JsonObject? PreviousAttributes);

/// <summary>
/// The events Stripe records when an account's objects change. Every admin mutation of a Stripe account records
/// the events Stripe would: an update, a creation or a deletion each leaves one, carrying the object as it became,
/// so a reader of <c>/v1/events</c> sees changes that listing by creation time cannot show. Balance transactions
/// never change and have no events, as at Stripe.
/// </summary>
internal sealed class StripeEvents(StripeData data, StripeFixtures fixtures)
{
    /// <summary>How long Stripe keeps events retrievable.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>The API version the sandbox's objects (the published samples) are rendered in.</summary>
    public const string ApiVersion = "2023-08-16";

    /// <summary>Whether admin updates of the stream are real at Stripe: balance transactions never change.</summary>
    public static bool CanUpdate(string stream) => stream != "balance_transactions";

    /// <summary>Which streams' objects Stripe lets delete (and then no longer lists): customers.</summary>
    public static bool CanDelete(string stream) => stream == "customers";

    /// <summary>Records the events of one admin mutation; the caller holds the store's lock.</summary>
    public void Record(Account account, string stream, MutationResult result, DateTimeOffset now)
    {
        var name = StripeData.ObjectName(stream);
        var after = data.Bodies(account, stream, [.. result.Updated, .. result.Created, .. result.Deleted]);
        var before = data.Bodies(account, stream, result.Updated, revisionsBack: 1);
        foreach (var id in result.Updated)
        {
            if (UpdatedType(stream, before[id], after[id]) is { } type)
            {
                Add(account, now, type, after[id], PreviousAttributes(before[id], after[id]));
            }
        }

        if (CreatedType(stream) is { } created)
        {
            foreach (var id in result.Created)
            {
                Add(account, now, created, after[id], null);
            }
        }

        foreach (var id in result.Deleted)
        {
            Add(account, now, $"{name}.deleted", after[id], null);
        }
    }

    /// <summary>The account's retrievable events, newest first.</summary>
    public static IReadOnlyList<StripeEvent> Retrievable(Account account, DateTimeOffset now)
    {
        var oldest = (now - Retention).ToUnixTimeSeconds();
        return account.StripeEvents
            .Where(e => e.Created >= oldest)
            .OrderByDescending(e => e.Created)
            .ThenByDescending(e => e.Sequence)
            .ToList();
    }

    /// <summary>The event object as <c>GET /v1/events</c> serves it.</summary>
    public JsonObject Render(StripeEvent stripeEvent)
    {
        var body = fixtures.Clone("event");
        var eventData = new JsonObject { ["object"] = stripeEvent.Object.DeepClone() };
        if (stripeEvent.PreviousAttributes is { } previous)
        {
            eventData["previous_attributes"] = previous.DeepClone();
        }

        body["id"] = stripeEvent.Id;
        body["api_version"] = ApiVersion;
        body["created"] = stripeEvent.Created;
        body["data"] = eventData;
        body["livemode"] = false;
        body["pending_webhooks"] = 0;
        body["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null };
        body["type"] = stripeEvent.Type;
        return body;
    }

    private static void Add(
        Account account, DateTimeOffset now, string type, JsonObject became, JsonObject? previous)
    {
        var sequence = account.StripeEvents.Count;
        account.StripeEvents.Add(new StripeEvent(
            "evt_" + Deterministic.Base62(account.Seed, "events", sequence, 24),
            now.ToUnixTimeSeconds(),
            sequence,
            type,
            became,
            previous));
    }

    private static string? UpdatedType(string stream, JsonObject before, JsonObject after) => stream switch
    {
        // Each sandbox revision of a charge refunds part of it.
        "charges" => "charge.refunded",
        "customers" => "customer.updated",
        "invoices" => Status(before) != "paid" && Status(after) == "paid" ? "invoice.paid" : "invoice.updated",
        "subscriptions" => "customer.subscription.updated",
        _ => null,
    };

    private static string? CreatedType(string stream) => stream switch
    {
        "charges" => "charge.succeeded",
        "customers" => "customer.created",
        "invoices" => "invoice.created",
        "subscriptions" => "customer.subscription.created",
        _ => null,
    };

    private static string? Status(JsonObject body) => body["status"]?.GetValue<string>();

    /// <summary>
    /// The attributes that changed, with their values before; nested objects only down to what changed.
    /// </summary>
    private static JsonObject PreviousAttributes(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (name, value) in before)
        {
            var now = after[name];
            if (JsonNode.DeepEquals(value, now))
            {
                continue;
            }

            previous[name] = value is JsonObject nestedBefore && now is JsonObject nestedAfter
                ? PreviousAttributes(nestedBefore, nestedAfter)
                : value?.DeepClone();
        }

        return previous;
    }
}
