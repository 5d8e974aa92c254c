using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Observability.Instruments;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

/// <summary>
/// Entries announced to this node and not yet held, each with the peers that announced it and when it is next due
/// to be requested. Bounded: once full, further ids are not tracked (anti-entropy finds them later), so announces
/// of ids that exist nowhere cannot grow the table. One timer serves them all and due ids leave in one request per
/// peer and topic: under load thousands fall due together, and a timer each became thousands of callbacks queueing
/// for the engine's lock.
/// </summary>
internal sealed class MissingEntries(int limit, Gauge size)
{
    private readonly Dictionary<ContentHash, Missing> _byId = [];

    // Due times of the ids; an id re-queued with a later time leaves its older item behind, skipped when it surfaces.
    private readonly PriorityQueue<ContentHash, long> _due = new();

    /// <summary>Ids tracked.</summary>
    public int Count => _byId.Count;

    /// <summary>Most ids tracked.</summary>
    public int Limit { get; } = limit;

    /// <summary>When the earliest id falls due (unix ms), or null when none is tracked.</summary>
    public long? NextDueMs => _byId.Count > 0 && _due.TryPeek(out _, out var due) ? due : null;

    public bool Contains(ContentHash id) => _byId.ContainsKey(id);

    /// <summary>
    /// Notes that <paramref name="announcer"/> holds <paramref name="id"/>; a new id falls due at <paramref name="dueMs"/>.
    /// False when the id is new and the table is full (it is not tracked).
    /// </summary>
    public bool Add(ContentHash id, string topic, Did announcer, long dueMs)
    {
        if (!_byId.TryGetValue(id, out var missing))
        {
            if (_byId.Count >= Limit)
            {
                return false;
            }

            missing = new Missing(topic, dueMs);
            _byId[id] = missing;
            _due.Enqueue(id, dueMs);
            size.Set(_byId.Count);
        }

        if (!missing.Announcers.Contains(announcer))
        {
            missing.Announcers.Enqueue(announcer);
        }

        return true;
    }

    /// <summary>Stops tracking an id (it arrived, or reconciliation requests it now).</summary>
    public void Remove(ContentHash id)
    {
        if (!_byId.Remove(id))
        {
            return;
        }

        size.Set(_byId.Count);
        if (_byId.Count == 0)
        {
            _due.Clear();
        }
        else if (_due.Count > (2 * Limit) + 64)
        {
            // Stale items of removed ids would otherwise wait for their time to surface: keep the queue bounded too.
            _due.Clear();
            _due.EnqueueRange(_byId.Select(pair => (pair.Key, pair.Value.DueMs)));
        }
    }

    /// <summary>
    /// The requests due at <paramref name="nowMs"/>: each due id is asked of its next announcer still connected and falls
    /// due again after <paramref name="retryMs"/>; an id nobody connected announced is dropped (anti-entropy will find it).
    /// </summary>
    public List<(Did Peer, Request Request)> TakeDue(long nowMs, long retryMs, Func<Did, bool> connected, bool graft)
    {
        var batches = new Dictionary<(Did Peer, string Topic), List<ContentHash>>();
        var order = new List<(Did Peer, string Topic)>();
        while (_due.TryPeek(out var id, out var due) && due <= nowMs)
        {
            _due.Dequeue();
            if (!_byId.TryGetValue(id, out var missing) || missing.DueMs != due)
            {
                continue;
            }

            if (NextAnnouncer(missing, connected) is not { } peer)
            {
                _byId.Remove(id);
                size.Set(_byId.Count);
                continue;
            }

            var key = (peer, missing.Topic);
            if (!batches.TryGetValue(key, out var ids))
            {
                ids = [];
                batches[key] = ids;
                order.Add(key);
            }

            ids.Add(id);
            missing.DueMs = nowMs + retryMs;
            _due.Enqueue(id, missing.DueMs);
        }

        return [.. order.SelectMany(key => batches[key].Chunk(GossipLimits.MaxIds).Select(chunk => (key.Peer, new Request(key.Topic, chunk, graft))))];
    }

    public void Clear()
    {
        _byId.Clear();
        size.Set(0);
        _due.Clear();
    }

    private static Did? NextAnnouncer(Missing missing, Func<Did, bool> connected)
    {
        while (missing.Announcers.TryDequeue(out var peer))
        {
            if (connected(peer))
            {
                return peer;
            }
        }

        return null;
    }

    private sealed class Missing(string topic, long dueMs)
    {
        public string Topic { get; } = topic;

        public Queue<Did> Announcers { get; } = new();

        public long DueMs { get; set; } = dueMs;
    }
}
