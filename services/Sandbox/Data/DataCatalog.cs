using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>The streams each product serves, their natural keys and the admin mutations on them.</summary>
internal sealed class DataCatalog(SandboxStore store, StripeEvents stripeEvents)
{
    public static IReadOnlyList<string> Streams(string product) => product switch
    {
        Products.GoogleAds => [GoogleAdsData.CampaignDaily, GoogleAdsData.AdGroupDaily],
        Products.GoogleAnalytics => [AnalyticsData.DailyChannels],
        Products.HubSpot => [.. HubSpotData.DefaultSizes.Keys],
        Products.Stripe => [.. StripeData.DefaultSizes.Keys],
        Products.MetaAds => [MetaData.AdDaily],
        Products.LinkedInAds => [LinkedInData.CampaignDaily],
        Products.QuickBooks => [.. QuickBooksData.DefaultSizes.Keys],
        _ => [],
    };

    public static bool IsDateStream(string product) =>
        product is Products.GoogleAds or Products.GoogleAnalytics or Products.MetaAds or Products.LinkedInAds;

    /// <summary>Whether the platform deletes records of the stream (QuickBooks entities, Stripe customers).</summary>
    public static bool CanDelete(string product, string stream) =>
        product == Products.QuickBooks || (product == Products.Stripe && StripeEvents.CanDelete(stream));

    /// <summary>Whether records of the stream change at the platform (Stripe balance transactions never do).</summary>
    public static bool CanUpdate(string product, string stream) =>
        product != Products.Stripe || StripeEvents.CanUpdate(stream);

    public IReadOnlyList<string> Keys(Account account, string stream, DateOnly? since = null)
    {
        lock (store.Gate)
        {
            var keys = account.Product switch
            {
                Products.GoogleAds => GoogleAdsData.Keys(account, stream, store.Now),
                Products.GoogleAnalytics => AnalyticsData.Keys(account, store.Now),
                Products.HubSpot => HubSpotData.Records(account, stream)
                    .Select(r => r.Id.ToString(CultureInfo.InvariantCulture)),
                Products.Stripe => StripeData.Keys(account, stream),
                Products.MetaAds => MetaData.Keys(account, store.Now),
                Products.LinkedInAds => LinkedInData.Keys(account, store.Now),
                Products.QuickBooks => QuickBooksData.Keys(account, stream),
                _ => [],
            };
            return since is { } from && IsDateStream(account.Product)
                ? keys.Where(k => DateOf(k) >= from).ToList()
                : keys.ToList();
        }
    }

    public MutationResult Mutate(Account account, string stream, int update, int create, int delete)
    {
        lock (store.Gate)
        {
            var before = Keys(account, stream);
            var updated = Update(account, stream, before, update);
            var createStream = account.Product == Products.GoogleAds ? GoogleAdsData.CampaignDaily : stream;
            var changes = account.ChangesOf(createStream);
            for (var i = 0; i < create; i++)
            {
                changes.Created.Add(store.Now);
            }

            var known = before.ToHashSet(StringComparer.Ordinal);
            var created = Keys(account, stream).Where(k => !known.Contains(k)).ToList();
            var deleted = Delete(account, stream, delete, updated.Concat(created).ToHashSet(StringComparer.Ordinal));
            var result = new MutationResult(updated, created, deleted);
            if (account.Product == Products.Stripe)
            {
                stripeEvents.Record(account, stream, result, store.Now);
            }

            return result;
        }
    }

    /// <summary>The date part of a date-stream key: the side of '|' that reads as yyyy-MM-dd.</summary>
    private static DateOnly DateOf(string key)
    {
        var bar = key.LastIndexOf('|');
        var tail = key[(bar + 1)..];
        var text = DateOnly.TryParseExact(tail, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? tail
            : key[..key.IndexOf('|', StringComparison.Ordinal)];
        return DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Updates the least-changed keys; on date streams the most recent days first, as platforms restate
    /// recent days.</summary>
    private List<string> Update(Account account, string stream, IReadOnlyList<string> keys, int count)
    {
        var changes = account.ChangesOf(stream);
        var dated = IsDateStream(account.Product);
        var chosen = keys
            .Select((key, order) => (key, order, version: changes.For(key)?.Version ?? 0))
            .OrderBy(k => k.version)
            .ThenByDescending(k => dated ? DateOf(k.key).DayNumber : 0)
            .ThenBy(k => k.order)
            .Take(count)
            .ToList();
        foreach (var (key, _, version) in chosen)
        {
            changes.Updated[key] = new RecordChange(version + 1, store.Now);
        }

        return chosen.Select(c => c.key).ToList();
    }

    private List<string> Delete(Account account, string stream, int count, HashSet<string> justChanged)
    {
        var changes = account.ChangesOf(stream);
        var chosen = Keys(account, stream).Where(k => !justChanged.Contains(k)).Take(count).ToList();
        foreach (var key in chosen)
        {
            changes.Deleted[key] = store.Now;
        }

        return chosen;
    }
}

internal sealed record MutationResult(
    IReadOnlyList<string> Updated, IReadOnlyList<string> Created, IReadOnlyList<string> Deleted);
