using Icn.Core.Hashing;
using Icn.Gossip.Entries;

namespace Icn.Gossip.Reconciliation;

/// <summary>
/// The keys of one topic's stored entries: a set for membership and a list sorted on demand for
/// range reconciliation. Entries mostly arrive in timestamp order, so sorting is usually a no-op;
/// a burst of old entries (catch-up) costs one sort at the next reconciliation instead of a shifting
/// insert each.
/// </summary>
internal sealed class KeyIndex
{
    private readonly HashSet<ContentHash> _ids = [];
    private readonly List<EntryKey> _keys = [];
    private bool _sorted = true;
    private long _oldestTimestamp = long.MaxValue;

    public int Count => _keys.Count;

    /// <summary>The smallest timestamp held (long.MaxValue when empty), known without sorting.</summary>
    public long OldestTimestamp => _oldestTimestamp;

    public bool Contains(ContentHash id) => _ids.Contains(id);

    public bool Add(EntryKey key)
    {
        if (!_ids.Add(key.Id))
        {
            return false;
        }

        if (_keys.Count > 0 && key.CompareTo(_keys[^1]) < 0)
        {
            _sorted = false;
        }

        _keys.Add(key);
        _oldestTimestamp = Math.Min(_oldestTimestamp, key.TimestampMs);
        return true;
    }

    /// <summary>Removes the oldest keys until at most <paramref name="keep"/> remain, or those older than <paramref name="cutoffMs"/>.</summary>
    public List<ContentHash> Trim(int keep, long cutoffMs)
    {
        var sorted = Sorted();
        var remove = Math.Max(0, sorted.Length - keep);
        while (remove < sorted.Length && sorted[remove].TimestampMs < cutoffMs)
        {
            remove++;
        }

        var removed = new List<ContentHash>(remove);
        for (var i = 0; i < remove; i++)
        {
            removed.Add(sorted[i].Id);
            _ids.Remove(sorted[i].Id);
        }

        _keys.RemoveRange(0, remove);
        _oldestTimestamp = _keys.Count == 0 ? long.MaxValue : _keys[0].TimestampMs;
        return removed;
    }

    public ReadOnlySpan<EntryKey> Sorted()
    {
        if (!_sorted)
        {
            _keys.Sort();
            _sorted = true;
        }

        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_keys);
    }
}
