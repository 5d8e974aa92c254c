using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

/// <summary>
/// Ids waiting to be announced, per peer and topic, so that a burst of entries costs one <c>Announce</c> per lazy
/// peer (IHAVE-style batching) instead of one per entry per peer. Drained in the order batches were opened,
/// so that a seeded simulation sends the same messages every run. A batch is bounded by the wire's id limit.
/// </summary>
internal sealed class AnnounceQueue
{
    private readonly Dictionary<(Did Peer, string Topic), List<ContentHash>> _pending = [];
    private readonly List<(Did Peer, string Topic)> _order = [];

    /// <summary>Ids waiting, over all batches.</summary>
    public int Count { get; private set; }

    /// <summary>Queues an id; returns the batch once it is full (it leaves the queue and must be sent now), else null.</summary>
    public Announce? Add(Did peer, string topic, ContentHash id)
    {
        var key = (peer, topic);
        if (!_pending.TryGetValue(key, out var ids))
        {
            ids = [];
            _pending[key] = ids;
            _order.Add(key);
        }

        ids.Add(id);
        Count++;
        if (ids.Count < GossipLimits.MaxIds)
        {
            return null;
        }

        _pending.Remove(key);
        _order.Remove(key);
        Count -= ids.Count;
        return new Announce(topic, ids);
    }

    /// <summary>Every batch waiting, oldest first, leaving the queue empty.</summary>
    public List<(Did Peer, Announce Announce)> Drain()
    {
        var batches = _order.Select(key => (key.Peer, new Announce(key.Topic, _pending[key]))).ToList();
        _pending.Clear();
        _order.Clear();
        Count = 0;
        return batches;
    }

    /// <summary>Drops what waited for a peer that left.</summary>
    public void Forget(Did peer)
    {
        foreach (var key in _order.Where(k => k.Peer == peer).ToArray())
        {
            Count -= _pending[key].Count;
            _pending.Remove(key);
            _order.Remove(key);
        }
    }
}
