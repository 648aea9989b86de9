using System.Text.Json;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.Stripe;

/// <summary>Where a Stripe stream stopped: the highest <c>created</c> landed (unix seconds, read again).</summary>
public sealed record CreatedCursor(long Created);

/// <summary>
/// Charges, customers, invoices, subscriptions and balance transactions through the list endpoints, filtered on
/// <c>created[gte]</c>. Stripe has no "updated since" filter, so mutable objects re-read a trailing window of
/// <c>Sync:StripeLookbackDays</c>; balance transactions never change and re-read only the edge.
/// </summary>
public sealed class StripeSyncer(
    StripeClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options) : IPlatformSyncer
{
    private static readonly StripeResource[] Resources =
    [
        new("charges", Mutable: true, Amount: "amount"),
        new("customers", Mutable: true, Amount: null),
        new("invoices", Mutable: true, Amount: "total"),
        new("subscriptions", Mutable: true, Amount: null, ExtraQuery: "&status=all"),
        new("balance_transactions", Mutable: false, Amount: "amount"),
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
        var cursor = await cursors.GetAsync<CreatedCursor>(scope, stream, cancellationToken);
        var from = From(resource, cursor);
        progress.WindowStart = from;
        progress.WindowEnd = scope.StartedAt;

        await landing.LandAsync(scope, progress, async pages =>
        {
            var highest = cursor?.Created;
            string? startingAfter = null;
            bool hasMore;
            do
            {
                var page = await client.ListAsync(scope.Session, resource.Name, resource.ExtraQuery, from,
                    _options.StripePageSize, startingAfter, cancellationToken);
                var data = page.Data ?? [];
                hasMore = page.HasMore && data.Count > 0;
                startingAfter = data.Count > 0 ? JsonRead.String(data[^1], "id") : null;
                highest = data.Select(Created).Append(highest ?? long.MinValue).Max();
                // Pages come newest first: the cursor may move only once the whole window has landed.
                var next = hasMore || highest == long.MinValue ? null : new CreatedCursor(highest!.Value);
                await pages.WriteAsync([.. data.Select(item => ToRow(resource, item))], next, cancellationToken);
            }
            while (hasMore);
        }, cancellationToken);
    }

    private DateTimeOffset? From(StripeResource resource, CreatedCursor? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        var edge = DateTimeOffset.FromUnixTimeSeconds(cursor.Created);
        return resource.Mutable ? edge.AddDays(-_options.StripeLookbackDays) : edge;
    }

    private static long Created(JsonElement item) =>
        JsonRead.Int64(item, "created") ?? throw new JsonException("A Stripe object has no created time.");

    private static object?[] ToRow(StripeResource resource, JsonElement item) =>
    [
        JsonRead.String(item, "id") ?? throw new JsonException("A Stripe object has no id."),
        DateTimeOffset.FromUnixTimeSeconds(Created(item)),
        JsonRead.Boolean(item, "livemode"),
        resource.Amount is null ? null : JsonRead.Int64(item, resource.Amount),
        JsonRead.String(item, "currency"),
        JsonRead.String(item, "status"),
        resource.Name == "customers" ? null : CustomerId(item),
        item.GetRawText(),
    ];

    // The customer is an id, or the whole object when expanded.
    private static string? CustomerId(JsonElement item) =>
        JsonRead.Path(item, "customer") is { ValueKind: JsonValueKind.Object } expanded
            ? JsonRead.String(expanded, "id")
            : JsonRead.String(item, "customer");

    private sealed record StripeResource(string Name, bool Mutable, string? Amount, string ExtraQuery = "");
}
