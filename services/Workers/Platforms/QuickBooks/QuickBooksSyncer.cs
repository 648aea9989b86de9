using System.Globalization;
using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.QuickBooks;

/// <summary>Where a QuickBooks stream stopped: changes at or after this time are read next.</summary>
public sealed record ChangedCursor(DateTimeOffset ChangedSince);

/// <summary>
/// Invoices, customers and payments of one company (realm). The first sync, and any sync whose cursor is 30 days
/// old or more, pages the query endpoint by <c>MetaData.LastUpdatedTime</c>; later syncs read change data capture,
/// which also reports deletions (landed as <c>deleted = true</c>). A capture that reaches its 1,000-object maximum
/// may be incomplete, so that window is read through the query endpoint instead.
/// </summary>
public sealed class QuickBooksSyncer(
    QuickBooksClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<QuickBooksSyncer> logger) : IPlatformSyncer
{
    /// <summary>The metadata key of the company id in the OAuth service's token answer.</summary>
    public const string RealmIdKey = "realmId";

    private const int CdcMaxObjects = 1_000;

    private static readonly TimeSpan CdcReach = TimeSpan.FromDays(30);

    // Our clock and Intuit's may differ: the next window starts this much before this sync did.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly Dictionary<string, string> Entities = new()
    {
        ["invoices"] = "Invoice",
        ["customers"] = "Customer",
        ["payments"] = "Payment",
    };

    private readonly SyncOptions _options = options.Value;

    public IReadOnlyList<SyncStream> Streams { get; } =
        [.. Entities.Keys.Select(name => new SyncStream(name, LandingTables.QuickBooks(name)))];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var realmId = scope.Session.Token.MetadataValue(RealmIdKey) ?? scope.Session.Token.AccountId
            ?? throw new SyncFailureException(FailureClass.Configuration,
                "The QuickBooks connector has no company (realmId); reconnect it.");
        var entity = Entities[stream.Name];
        var cursor = await cursors.GetAsync<ChangedCursor>(scope, stream, cancellationToken);
        var next = new ChangedCursor(scope.StartedAt - ClockSkew);
        progress.WindowStart = cursor?.ChangedSince;
        progress.WindowEnd = scope.StartedAt;

        await landing.LandAsync(scope, progress, async pages =>
        {
            var context = new StreamContext(scope, pages, realmId, entity, next);
            if (cursor is not null && time.GetUtcNow() - cursor.ChangedSince < CdcReach
                && await TryChangesAsync(context, cursor.ChangedSince, cancellationToken))
            {
                return;
            }

            await QueryAsync(context, cursor?.ChangedSince ?? DateTimeOffset.UnixEpoch, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Lands the window's changes; false, landing nothing, when the capture may have been cut short.</summary>
    private async Task<bool> TryChangesAsync(
        StreamContext context,
        DateTimeOffset changedSince,
        CancellationToken cancellationToken)
    {
        var changes = await client.ChangesAsync(context.Scope.Session, context.RealmId, context.Entity, changedSince,
            cancellationToken);
        var objects = changes.Entities(context.Entity);
        if (objects.Count >= CdcMaxObjects)
        {
            WorkersLog.CdcOverflow(logger, context.Entity, objects.Count);
            return false;
        }

        await context.Pages.WriteAsync(Rows(context, objects), context.Next, cancellationToken);
        return true;
    }

    private async Task QueryAsync(StreamContext context, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var size = _options.QuickBooksPageSize;
        for (var start = 1; ; start += size)
        {
            var page = await client.QueryUpdatedAsync(context.Scope.Session, context.RealmId, context.Entity, from,
                start, size, cancellationToken);
            var objects = page.Entities(context.Entity);
            var last = objects.Count < size;
            // Pages are ordered by update time, so a failed sync may resume from the last one landed.
            var cursor = last ? context.Next
                : objects.Count > 0 ? new ChangedCursor(Updated(objects[^1]) ?? from)
                : null;
            await context.Pages.WriteAsync(Rows(context, objects), cursor, cancellationToken);
            if (last)
            {
                return;
            }
        }
    }

    private static List<object?[]> Rows(StreamContext context, IReadOnlyList<JsonElement> objects) =>
        [.. objects.Select(item => ToRow(context, item))];

    private static object?[] ToRow(StreamContext context, JsonElement item)
    {
        var deleted = JsonRead.String(item, "status") == "Deleted";
        return
        [
            context.RealmId,
            JsonRead.String(item, "Id") ?? throw new JsonException($"A QuickBooks {context.Entity} has no Id."),
            JsonRead.String(item, "SyncToken"),
            Updated(item) ?? (deleted
                ? context.Scope.StartedAt
                : throw new JsonException($"A QuickBooks {context.Entity} has no MetaData.LastUpdatedTime.")),
            JsonRead.String(item, "TxnDate") is { Length: > 0 } date
                ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null,
            JsonRead.Decimal(item, "TotalAmt"),
            JsonRead.Decimal(item, "Balance"),
            JsonRead.String(item, "CustomerRef", "value"),
            JsonRead.String(item, "DisplayName") ?? JsonRead.String(item, "CustomerRef", "name"),
            deleted,
            item.GetRawText(),
        ];
    }

    private static DateTimeOffset? Updated(JsonElement item) => JsonRead.Timestamp(item, "MetaData", "LastUpdatedTime");

    /// <summary>What every page of one stream's sync shares.</summary>
    private sealed record StreamContext(
        SyncScope Scope,
        PageWriter Pages,
        string RealmId,
        string Entity,
        ChangedCursor Next);
}
