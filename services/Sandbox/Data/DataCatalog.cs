using System.Globalization;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>The streams each product serves, their natural keys and the admin mutations on them.</summary>
internal sealed class DataCatalog(SandboxStore store)
{
    public static IReadOnlyList<string> Streams(string product) => product switch
    {
        Products.GoogleAds => [GoogleAdsData.CampaignDaily, GoogleAdsData.AdGroupDaily],
        Products.HubSpot => [.. HubSpotData.DefaultSizes.Keys],
        Products.Stripe => [.. StripeData.DefaultSizes.Keys],
        _ => [],
    };

    public static bool IsDateStream(string product) => product == Products.GoogleAds;

    public IReadOnlyList<string> Keys(Account account, string stream, DateOnly? since = null)
    {
        lock (store.Gate)
        {
            var keys = account.Product switch
            {
                Products.GoogleAds => GoogleAdsData.Keys(account, stream, store.Now),
                Products.HubSpot => HubSpotData.Records(account, stream).Select(r => r.Id.ToString(CultureInfo.InvariantCulture)),
                Products.Stripe => StripeData.Keys(account, stream),
                _ => [],
            };
            return since is { } from && IsDateStream(account.Product)
                ? keys.Where(k => DateOnly.ParseExact(k[(k.IndexOf('|', StringComparison.Ordinal) + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture) >= from).ToList()
                : keys.ToList();
        }
    }

    public (IReadOnlyList<string> Updated, IReadOnlyList<string> Created) Mutate(
        Account account, string stream, int update, int create)
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
            return (updated, created);
        }
    }

    private List<string> Update(Account account, string stream, IReadOnlyList<string> keys, int count)
    {
        var changes = account.ChangesOf(stream);
        var chosen = keys
            .Select((key, order) => (key, order, version: changes.For(key)?.Version ?? 0))
            .OrderBy(k => k.version)
            .ThenBy(k => k.order)
            .Take(count)
            .ToList();
        foreach (var (key, _, version) in chosen)
        {
            changes.Updated[key] = new RecordChange(version + 1, store.Now);
        }

        return chosen.Select(c => c.key).ToList();
    }
}
