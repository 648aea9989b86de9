using System.Text.Json;
using Connectors.Contracts;
using Connectors.Workers.Data;
using Connectors.Workers.Http;
using Connectors.Workers.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.HubSpot;

/// <summary>Where a HubSpot stream stopped: the last modification time landed (read again, inclusive).</summary>
public sealed record ModifiedCursor(DateTimeOffset ModifiedAt);

/// <summary>
/// Contacts, companies and deals. The first sync walks the list endpoint; later syncs search for objects modified
/// at or after the cursor, oldest first, restarting the search from the last modification seen whenever a window
/// would reach HubSpot's cap on results per search.
/// </summary>
public sealed class HubSpotSyncer(
    HubSpotClient client,
    IStreamCursors cursors,
    StreamLanding landing,
    IOptions<SyncOptions> options,
    ILogger<HubSpotSyncer> logger) : IPlatformSyncer
{
    private static readonly Dictionary<string, string[]> Properties = new()
    {
        ["contacts"] =
            ["email", "firstname", "lastname", "phone", "company", "lifecyclestage", "createdate", "lastmodifieddate"],
        ["companies"] =
        [
            "name", "domain", "industry", "city", "country", "numberofemployees", "annualrevenue", "createdate",
            "hs_lastmodifieddate",
        ],
        ["deals"] =
        [
            "dealname", "amount", "dealstage", "pipeline", "closedate", "hubspot_owner_id", "createdate",
            "hs_lastmodifieddate",
        ],
    };

    private readonly SyncOptions _options = options.Value;

    public IReadOnlyList<SyncStream> Streams { get; } =
        [.. Properties.Keys.Select(type => new SyncStream(type, LandingTables.HubSpot(type)))];

    public async Task SyncAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        CancellationToken cancellationToken)
    {
        var cursor = await cursors.GetAsync<ModifiedCursor>(scope, stream, cancellationToken);
        await landing.LandAsync(scope, progress, pages => cursor is null
            ? ListAllAsync(stream, scope, progress, pages, cancellationToken)
            : SearchModifiedAsync(stream, scope, progress, pages, cursor.ModifiedAt, cancellationToken),
            cancellationToken);
    }

    private async Task ListAllAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        PageWriter pages,
        CancellationToken cancellationToken)
    {
        progress.WindowEnd = scope.StartedAt;
        DateTimeOffset? newest = null;
        string? after = null;
        do
        {
            var page = await client.ListAsync(scope.Session, stream.Name, Properties[stream.Name],
                _options.HubSpotListPageSize, after, cancellationToken);
            after = page.NextAfter;
            var results = page.Results ?? [];
            foreach (var result in results)
            {
                var modified = Modified(stream, result);
                newest = newest is null || modified > newest ? modified : newest;
            }

            // The list is not ordered by modification: the cursor is written with the last page only, and never
            // past the sync's start, so objects changed while the list was walked are searched for next time.
            var cursor = after is null
                ? new ModifiedCursor(Earliest(newest ?? scope.StartedAt, scope.StartedAt))
                : null;
            await pages.WriteAsync([.. results.Select(ToRow)], cursor, cancellationToken);
        }
        while (after is not null);
    }

    private async Task SearchModifiedAsync(
        SyncStream stream,
        SyncScope scope,
        StreamProgress progress,
        PageWriter pages,
        DateTimeOffset from,
        CancellationToken cancellationToken)
    {
        progress.WindowStart = from;
        var window = new SearchWindow(from);
        string? after = null;
        while (true)
        {
            var page = await client.SearchModifiedAsync(scope.Session, stream.Name, ModifiedProperty(stream),
                window.Start, Properties[stream.Name], _options.HubSpotSearchPageSize, after, cancellationToken);
            var results = page.Results ?? [];
            var fresh = results.Where(result => window.Admit(result.GetProperty("id").GetString()!,
                Modified(stream, result))).ToList();
            window.Read += results.Count;
            progress.WindowEnd = window.LastSeen;
            await pages.WriteAsync([.. fresh.Select(ToRow)], new ModifiedCursor(window.LastSeen),
                cancellationToken);

            after = page.NextAfter;
            if (after is null)
            {
                return;
            }

            if (window.Read + _options.HubSpotSearchPageSize > _options.HubSpotSearchResultCap)
            {
                window = window.Restart(stream.Name, _options.HubSpotSearchResultCap);
                WorkersLog.SearchWindowRestarted(logger, stream.Name, window.Start);
                after = null;
            }
        }
    }

    private static string ModifiedProperty(SyncStream stream) =>
        stream.Name == "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";

    private static DateTimeOffset Modified(SyncStream stream, JsonElement result) =>
        JsonRead.Timestamp(result, "properties", ModifiedProperty(stream))
        ?? JsonRead.Timestamp(result, "updatedAt")
        ?? throw new JsonException($"A HubSpot {stream.Name} object has no modification time.");

    private static object?[] ToRow(JsonElement result) =>
    [
        JsonRead.String(result, "id") ?? throw new JsonException("A HubSpot object has no id."),
        JsonRead.Path(result, "properties")?.GetRawText() ?? "{}",
        JsonRead.Timestamp(result, "createdAt"),
        JsonRead.Timestamp(result, "updatedAt"),
        JsonRead.Boolean(result, "archived") ?? false,
        result.GetRawText(),
    ];

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// One search from <see cref="Start"/> on. Remembers the ids seen at the latest modification time, so a restart
    /// from that time (inclusive) neither skips nor lands twice the objects that share it.
    /// </summary>
    private sealed class SearchWindow(
        DateTimeOffset start,
        DateTimeOffset? lastSeen = null,
        HashSet<string>? atLastSeen = null)
    {
        private readonly HashSet<string> _atLastSeen = atLastSeen ?? new(StringComparer.Ordinal);

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset LastSeen { get; private set; } = lastSeen ?? start;

        public int Read { get; set; }

        /// <summary>False for an object already landed by this sync at the same modification time.</summary>
        public bool Admit(string id, DateTimeOffset modified)
        {
            if (modified == LastSeen && !_atLastSeen.Add(id))
            {
                return false;
            }

            if (modified > LastSeen)
            {
                LastSeen = modified;
                _atLastSeen.Clear();
                _atLastSeen.Add(id);
            }

            return true;
        }

        public SearchWindow Restart(string objectType, int cap) => LastSeen > Start
            ? new SearchWindow(LastSeen, LastSeen, _atLastSeen)
            : throw new SyncFailureException(FailureClass.Bug,
                $"More than {cap} HubSpot {objectType} share the modification time {Start:o}; "
                + "a search cannot page past them.");
    }
}
