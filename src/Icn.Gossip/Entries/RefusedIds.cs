using Icn.Core.Hashing;

namespace Icn.Gossip.Entries;

/// <summary>
/// Ids of entries this node refused, with why: at most <c>capacity</c> of them, each for <c>lifetime</c>,
/// the oldest forgotten first. Used under the engine's lock.
/// </summary>
public sealed class RefusedIds(int capacity, TimeSpan lifetime)
{
    private readonly Dictionary<ContentHash, (RejectReason Reason, long AtMs)> _ids = [];
    private readonly Queue<(ContentHash Id, long AtMs)> _order = new();

    public int Count => _ids.Count;

    public int Capacity => capacity;

    public void Add(ContentHash id, RejectReason reason, long nowMs)
    {
        if (capacity == 0 || !_ids.TryAdd(id, (reason, nowMs)))
        {
            return;
        }

        _order.Enqueue((id, nowMs));
        while (_ids.Count > capacity)
        {
            _ids.Remove(_order.Dequeue().Id);
        }
    }

    /// <summary>Why the entry was refused, when it was and is still remembered.</summary>
    public RejectReason? Reason(ContentHash id) => _ids.TryGetValue(id, out var refused) ? refused.Reason : null;

    /// <summary>Forgets ids refused longer ago than the lifetime.</summary>
    public void Expire(long nowMs)
    {
        var oldest = nowMs - (long)lifetime.TotalMilliseconds;
        while (_order.TryPeek(out var first) && first.AtMs < oldest)
        {
            _order.Dequeue();
            _ids.Remove(first.Id);
        }
    }
}
