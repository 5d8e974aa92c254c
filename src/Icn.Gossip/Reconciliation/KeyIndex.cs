using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Entries;

namespace Icn.Gossip.Reconciliation;

/// <summary>
/// The keys of one topic's stored entries: their authors for membership and eviction, and a list sorted on
/// demand for range reconciliation. Entries mostly arrive in timestamp order, so sorting is usually a no-op;
/// a burst of old entries (catch-up) costs one sort at the next reconciliation instead of a shifting insert each.
/// </summary>
internal sealed class KeyIndex
{
    private readonly Dictionary<ContentHash, Did> _authorOf = [];
    private readonly Dictionary<Did, SortedSet<EntryKey>> _byAuthor = [];
    private readonly List<EntryKey> _keys = [];
    private bool _sorted = true;
    private long _oldestTimestamp = long.MaxValue;

    public int Count => _keys.Count;

    /// <summary>Authors with entries here.</summary>
    public int Authors => _byAuthor.Count;

    /// <summary>The smallest timestamp held (long.MaxValue when empty), known without sorting.</summary>
    public long OldestTimestamp => _oldestTimestamp;

    public bool Contains(ContentHash id) => _authorOf.ContainsKey(id);

    /// <summary>How many entries <paramref name="author"/> has here.</summary>
    public int CountOf(Did author) => _byAuthor.TryGetValue(author, out var keys) ? keys.Count : 0;

    public bool Add(EntryKey key, Did author)
    {
        if (!_authorOf.TryAdd(key.Id, author))
        {
            return false;
        }

        if (!_byAuthor.TryGetValue(author, out var own))
        {
            _byAuthor[author] = own = [];
        }

        own.Add(key);
        if (_keys.Count > 0 && key.CompareTo(_keys[^1]) < 0)
        {
            _sorted = false;
        }

        _keys.Add(key);
        _oldestTimestamp = Math.Min(_oldestTimestamp, key.TimestampMs);
        return true;
    }

    /// <summary>
    /// Removes the keys older than <paramref name="cutoffMs"/>, then, while more than <paramref name="keep"/> remain,
    /// the oldest key of the author who has the most (the smallest DID among equals, so that every node holding the
    /// same keys removes the same ones). One author's flood therefore evicts its own entries first: another
    /// author loses an entry only once it has as many as the largest.
    /// </summary>
    public List<ContentHash> Trim(int keep, long cutoffMs)
    {
        var removed = new List<EntryKey>();
        foreach (var key in Sorted())
        {
            if (key.TimestampMs >= cutoffMs)
            {
                break;
            }

            removed.Add(key);
        }

        removed.ForEach(Forget);
        var largest = new PriorityQueue<Did, (int Count, string Did)>(
            _byAuthor.Select(a => (a.Key, (-a.Value.Count, a.Key.ToString()))), AuthorOrder.Instance);
        for (var excess = _authorOf.Count - keep; excess > 0 && largest.TryDequeue(out var author, out var rank); excess--)
        {
            var oldest = _byAuthor[author].Min;
            removed.Add(oldest);
            Forget(oldest);
            if (rank.Count < -1)
            {
                largest.Enqueue(author, (rank.Count + 1, rank.Did));
            }
        }

        if (removed.Count > 0)
        {
            var gone = removed.ToHashSet();
            _keys.RemoveAll(gone.Contains);
            _oldestTimestamp = _keys.Count == 0 ? long.MaxValue : Sorted()[0].TimestampMs;
        }

        return [.. removed.Select(k => k.Id)];
    }

    /// <summary>All keys, newest first; the index must not change while they are read.</summary>
    public IEnumerable<EntryKey> NewestFirst()
    {
        Sorted();
        for (var i = _keys.Count - 1; i >= 0; i--)
        {
            yield return _keys[i];
        }
    }

    /// <summary>Where the first key dated at or after <paramref name="fromMs"/> and after <paramref name="after"/> sits in <see cref="Sorted"/>.</summary>
    public int IndexFrom(long fromMs, EntryKey? after)
    {
        var keys = Sorted();
        var (low, high) = (0, keys.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            var key = keys[middle];
            if (key.TimestampMs < fromMs || (after is { } a && key.CompareTo(a) <= 0))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>One author's keys, newest first.</summary>
    public IEnumerable<EntryKey> NewestOf(Did author) =>
        _byAuthor.TryGetValue(author, out var own) ? own.Reverse() : [];

    public ReadOnlySpan<EntryKey> Sorted()
    {
        if (!_sorted)
        {
            _keys.Sort();
            _sorted = true;
        }

        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_keys);
    }

    private void Forget(EntryKey key)
    {
        if (!_authorOf.Remove(key.Id, out var author))
        {
            return;
        }

        var own = _byAuthor[author];
        own.Remove(key);
        if (own.Count == 0)
        {
            _byAuthor.Remove(author);
        }
    }

    /// <summary>Most entries first, then the smaller DID.</summary>
    private sealed class AuthorOrder : IComparer<(int Count, string Did)>
    {
        public static AuthorOrder Instance { get; } = new();

        public int Compare((int Count, string Did) x, (int Count, string Did) y) =>
            x.Count != y.Count ? x.Count.CompareTo(y.Count) : string.CompareOrdinal(x.Did, y.Did);
    }
}
