using System.Text.Json;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.Stripe;

/// <summary>
/// Where a Stripe stream stopped: the highest <c>created</c> landed (unix seconds, read again) and, for objects that
/// change, the time from which the next sync reads their events (unix seconds).
/// </summary>
public sealed record StripeCursor(long? Created, long? EventsFrom);

/// <summary>
/// Charges, customers, invoices, subscriptions and balance transactions through the list endpoints, filtered on
/// <c>created[gte]</c>. Stripe's lists have no "updated since" filter, so changes to objects already landed (a late
/// refund, a paid invoice, a deleted customer) are read from the Events API: each event carries the object as it
/// became. Events are kept 30 days; a stream whose events cursor is older than that (or that has none) is read
/// again in full. Balance transactions never change and re-read only the edge.
/// </summary>
public sealed class StripeSyncer(
    StripeClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    ILogger<StripeSyncer> logger) : IPlatformSyncer
{
    /// <summary>How long Stripe keeps events, less a margin for the time a sync takes to reach them.</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(30) - TimeSpan.FromHours(1);

    /// <summary>
    /// The next events window starts this long before the sync did: an event may become visible a little after
    /// its <c>created</c> time, and the clocks differ. Events read twice land nothing twice.
    /// </summary>
    public static readonly TimeSpan EventOverlap = TimeSpan.FromMinutes(5);

    private static readonly StripeResource[] Resources =
    [
        new("charges", "charge", Amount: "amount", EventTypes:
        [
            "charge.captured", "charge.expired", "charge.failed", "charge.pending", "charge.refunded",
            "charge.succeeded", "charge.updated",
        ]),
        new("customers", "customer", Amount: null, EventTypes:
            ["customer.created", "customer.updated", "customer.deleted"],
            DeletedEvent: "customer.deleted"),
        new("invoices", "invoice", Amount: "total", EventTypes:
        [
            "invoice.created", "invoice.deleted", "invoice.finalization_failed", "invoice.finalized",
            "invoice.marked_uncollectible", "invoice.paid", "invoice.payment_action_required",
            "invoice.payment_failed", "invoice.payment_succeeded", "invoice.sent", "invoice.updated",
            "invoice.voided",
        ],
            DeletedEvent: "invoice.deleted"),

        // A subscription that ends stays listed (status canceled); its customer.subscription.deleted event
        // carries it canceled, so it lands as an update, not as a deletion.
        new("subscriptions", "subscription", Amount: null, EventTypes:
        [
            "customer.subscription.created", "customer.subscription.deleted", "customer.subscription.paused",
            "customer.subscription.pending_update_applied", "customer.subscription.pending_update_expired",
            "customer.subscription.resumed", "customer.subscription.trial_will_end",
            "customer.subscription.updated",
        ],
            ExtraQuery: "&status=all"),
        new("balance_transactions", "balance_transaction", Amount: "amount", EventTypes: []),
    ];

    private readonly SyncOptions _options = options.Value;

    public IReadOnlyList<SyncStream> Streams { get; } =
        [.. Resources.Select(resource => new SyncStream(resource.Name, LandingTables.Stripe(resource.Name)))];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var resource = Resources.Single(candidate => candidate.Name == stream.Name);
        var cursor = await cursors.GetAsync<StripeCursor>(scope, stream, cancellationToken);
        var eventsFrom = EventsFrom(resource, cursor, scope);
        var listFrom = cursor?.Created is { } created && (!resource.Mutable || eventsFrom is not null)
            ? DateTimeOffset.FromUnixTimeSeconds(created)
            : (DateTimeOffset?)null;
        progress.WindowStart = eventsFrom is { } from && from < listFrom ? from : listFrom;
        progress.WindowEnd = scope.StartedAt;

        await landing.LandAsync(scope, progress, async pages =>
        {
            var highest = await ListAsync(resource, scope, pages, listFrom, cancellationToken);
            if (eventsFrom is { } since)
            {
                await ApplyEventsAsync(resource, scope, pages, since, cancellationToken);
            }

            // Moved once everything above was read: list pages come newest first, so a failed sync must resume
            // from the previous cursor.
            var next = new StripeCursor(
                new[] { highest, cursor?.Created }.Max(),
                resource.Mutable ? (scope.StartedAt - EventOverlap).ToUnixTimeSeconds() : null);
            await pages.WriteAsync([], next, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Where this sync reads the stream's events from, or null when it reads the whole list instead: on the first
    /// sync, for objects that never change, and when the events since the cursor are no longer all kept.
    /// </summary>
    private DateTimeOffset? EventsFrom(StripeResource resource, StripeCursor? cursor, SyncScope scope)
    {
        if (!resource.Mutable || cursor is null)
        {
            return null;
        }

        if (cursor.EventsFrom is not { } seconds)
        {
            WorkersLog.StripeEventsUnknown(logger, resource.Name);
            return null;
        }

        var from = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (from < scope.StartedAt - EventRetention)
        {
            WorkersLog.StripeEventsExpired(logger, resource.Name, from);
            return null;
        }

        return from;
    }

    /// <summary>
    /// Lands every listed object created at or after <paramref name="from"/>; the highest created seen.
    /// </summary>
    private async Task<long?> ListAsync(
        StripeResource resource,
        SyncScope scope,
        PageWriter pages,
        DateTimeOffset? from,
        CancellationToken cancellationToken)
    {
        long? highest = null;
        string? startingAfter = null;
        bool hasMore;
        do
        {
            var page = await client.ListAsync(scope.Session, resource.Name, resource.ExtraQuery, from,
                _options.StripePageSize, startingAfter, cancellationToken);
            var data = page.Data ?? [];
            hasMore = page.HasMore && data.Count > 0;
            startingAfter = data.Count > 0 ? JsonRead.String(data[^1], "id") : null;
            highest = data.Select(item => (long?)Created(item)).Append(highest).Max();
            await pages.WriteAsync([.. data.Select(item => ToRow(resource, item, false))], null, cancellationToken);
        }
        while (hasMore);

        return highest;
    }

    /// <summary>
    /// Lands the objects carried by the stream's events since <paramref name="since"/>. Events come newest first,
    /// so the first event seen for an object carries its latest state; older events of the same object are skipped,
    /// or they would roll the row back.
    /// </summary>
    private async Task ApplyEventsAsync(
        StripeResource resource,
        SyncScope scope,
        PageWriter pages,
        DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? startingAfter = null;
        bool hasMore;
        do
        {
            var page = await client.ListEventsAsync(scope.Session, resource.EventTypes, since,
                _options.StripePageSize, startingAfter, cancellationToken);
            var data = page.Data ?? [];
            hasMore = page.HasMore && data.Count > 0;
            startingAfter = data.Count > 0 ? JsonRead.String(data[^1], "id") : null;
            var rows = new List<object?[]>();
            foreach (var stripeEvent in data)
            {
                if (JsonRead.Path(stripeEvent, "data", "object") is { ValueKind: JsonValueKind.Object } item
                    && JsonRead.String(item, "object") == resource.ObjectName
                    && JsonRead.String(item, "id") is { } id
                    && seen.Add(id))
                {
                    var deleted = JsonRead.String(stripeEvent, "type") is { } type && type == resource.DeletedEvent;
                    rows.Add(ToRow(resource, item, deleted));
                }
            }

            await pages.WriteAsync(rows, null, cancellationToken);
        }
        while (hasMore);
    }

    private static long Created(JsonElement item) =>
        JsonRead.Int64(item, "created") ?? throw new JsonException("A Stripe object has no created time.");

    private static object?[] ToRow(StripeResource resource, JsonElement item, bool deleted) =>
    [
        JsonRead.String(item, "id") ?? throw new JsonException("A Stripe object has no id."),
        DateTimeOffset.FromUnixTimeSeconds(Created(item)),
        JsonRead.Boolean(item, "livemode"),
        resource.Amount is null ? null : JsonRead.Int64(item, resource.Amount),
        JsonRead.String(item, "currency"),
        JsonRead.String(item, "status"),
        resource.Name == "customers" ? null : CustomerId(item),
        deleted,
        item.GetRawText(),
    ];

    // The customer is an id, or the whole object when expanded.
    private static string? CustomerId(JsonElement item) =>
        JsonRead.Path(item, "customer") is { ValueKind: JsonValueKind.Object } expanded
            ? JsonRead.String(expanded, "id")
            : JsonRead.String(item, "customer");

    /// <summary>
    /// A listed resource: the events that change its objects (at most 20, so one request reads them) and the one
    /// after which Stripe no longer has the object.
    /// </summary>
    private sealed record StripeResource(
        string Name,
        string ObjectName,
        string? Amount,
        IReadOnlyList<string> EventTypes,
        string? DeletedEvent = null,
        string ExtraQuery = "")
    {
        public bool Mutable => EventTypes.Count > 0;
    }
}
