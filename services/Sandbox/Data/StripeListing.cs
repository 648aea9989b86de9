namespace Connectors.Sandbox.Data;

/// <summary>
/// The order a Stripe list endpoint serves one stream of one account in (newest first, ties by id descending),
/// kept so that a page costs its own objects and not the account's: the positions of the listed objects, their
/// created times (descending, so a <c>created</c> range is a slice found by binary search) and each id's position
/// (a cursor is a lookup). Only the shape of the stream decides the order: its size, its creations and its
/// deletions; an update changes an object's body, never its place.
/// </summary>
internal sealed class StripeListing
{
    private readonly int[] _order;
    private readonly long[] _created;
    private readonly int[] _positions;

    public StripeListing(ListingShape shape, IReadOnlyList<string> ids, long[] createdByIndex, Func<int, bool> listed)
    {
        Shape = shape;
        var order = new List<int>(createdByIndex.Length);
        for (var index = 0; index < createdByIndex.Length; index++)
        {
            if (listed(index))
            {
                order.Add(index);
            }
        }

        _order = [.. order];
        Array.Sort(_order, (a, b) => createdByIndex[b] != createdByIndex[a]
            ? createdByIndex[b].CompareTo(createdByIndex[a])
            : string.CompareOrdinal(ids[b], ids[a]));
        _created = new long[_order.Length];
        _positions = new int[createdByIndex.Length];
        Array.Fill(_positions, -1);
        for (var position = 0; position < _order.Length; position++)
        {
            _created[position] = createdByIndex[_order[position]];
            _positions[_order[position]] = position;
        }
    }

    public ListingShape Shape { get; }

    public int Count => _order.Length;

    /// <summary>The object index (as <see cref="StripeData.Id"/> numbers them) at a list position.</summary>
    public int IndexAt(int position) => _order[position];

    /// <summary>The list position of an object index, or -1 when the object is not listed.</summary>
    public int PositionOf(int index) => index >= 0 && index < _positions.Length ? _positions[index] : -1;

    /// <summary>The positions [start, end) of the objects created within [min, max] (inclusive).</summary>
    public (int Start, int End) CreatedWithin(long min, long max)
    {
        if (min > max)
        {
            return (0, 0);
        }

        var start = FirstPosition(created => created <= max);
        var end = FirstPosition(created => created < min);
        return (start, Math.Max(start, end));
    }

    // The first position whose created time satisfies a predicate that, over times in descending order, turns from
    // false to true once.
    private int FirstPosition(Func<long, bool> predicate)
    {
        int low = 0, high = _created.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (predicate(_created[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}

/// <summary>What a stream's list order depends on; creations and deletions are only ever added.</summary>
internal readonly record struct ListingShape(int BaseCount, int Created, int Deleted);

/// <summary>
/// Stripe only, per stream of an account: the ids generated so far by index (an id depends on the account and its
/// index alone, so the list only grows), each id's index, and the list order of the stream's current shape.
/// </summary>
internal sealed class StripeStreamCache
{
    public List<string> Ids { get; } = [];

    public Dictionary<string, int> Indexes { get; } = new(StringComparer.Ordinal);

    public StripeListing? Listing { get; set; }
}
