using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip;
using Icn.Gossip.Engine;
using Icn.Gossip.Storage;
using Icn.Identity.Keys;
using Icn.Observability.Registry;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.TestKit.Simulation;

/// <summary>One node of a <see cref="SimulatedNetwork"/>: a real gossip engine, its own metrics, and a store that survives restarts.</summary>
public sealed class SimulatedNode : IGossipLink, IDisposable
{
    private readonly SimulatedNetwork _network;
    private readonly int _seed;

    private readonly Func<IEntryStore> _openStore;

    internal SimulatedNode(SimulatedNetwork network, int index, IdentityKeyPair identity, Func<IEntryStore> openStore, GossipOptions options, int seed)
    {
        _network = network;
        _seed = seed;
        _openStore = openStore;
        Index = index;
        Identity = identity;
        Store = openStore();
        Options = options;
        Registry = new MetricRegistry();
        Metrics = new GossipMetrics(Registry, options.MetricTopics);
        Engine = NewEngine();
    }

    public int Index { get; }

    public IdentityKeyPair Identity { get; }

    public Did Did => Identity.Did;

    public IEntryStore Store { get; private set; }

    public GossipOptions Options { get; }

    public MetricRegistry Registry { get; }

    public GossipMetrics Metrics { get; }

    public GossipEngine Engine { get; private set; }

    /// <summary>False while the node is stopped: it neither sends nor receives.</summary>
    public bool Running { get; private set; } = true;

    /// <summary>Copies of each entry this node received in pushes and responses, new or duplicate.</summary>
    public Dictionary<ContentHash, int> Copies { get; } = [];

    public bool Send(Did peer, Message message) => Running && _network.Deliver(this, peer, message);

    /// <summary>Peers this node's engine judged misbehaving; the link to each is cut, as the peer network would.</summary>
    public List<Did> Banned { get; } = [];

    public void Useful(Did peer)
    {
    }

    public void Misbehaved(Did peer, string reason)
    {
        Banned.Add(peer);
        // Cut after the engine's call returns, as the real network closes the session on its own.
        _network.Clock.Schedule(TimeSpan.Zero, () => _network.Disconnect(this, _network.Nodes.First(n => n.Did == peer)));
    }

    internal void Deliver(Did from, Message message)
    {
        if (!Running)
        {
            return;
        }

        switch (message)
        {
            case Push push:
                Copies[push.Entry.Id] = Copies.GetValueOrDefault(push.Entry.Id) + 1;
                break;
            case Response response:
                foreach (var entry in response.Entries)
                {
                    Copies[entry.Id] = Copies.GetValueOrDefault(entry.Id) + 1;
                }

                break;
        }

        Engine.Receive(from, message);
    }

    /// <summary>Stops the node as a process exit would: the engine's memory is lost, the store is closed.</summary>
    internal void Stop()
    {
        Running = false;
        Engine.Dispose();
        Store.Dispose();
    }

    /// <summary>Starts a fresh engine over the store opened again, and the same metrics.</summary>
    internal void Start()
    {
        Store = _openStore();
        Engine = NewEngine();
        Running = true;
    }

    public void Dispose()
    {
        Engine.Dispose();
        Store.Dispose();
        Identity.Dispose();
    }

    /// <summary>When each entry was stored here (published or received), on the simulated clock.</summary>
    public Dictionary<ContentHash, DateTimeOffset> StoredAt { get; } = [];

    private GossipEngine NewEngine()
    {
        var engine = new GossipEngine(Identity, this, Store, Metrics, Options, _network.Clock, new Random(_seed), NullLogger<GossipEngine>.Instance);
        engine.EntryStored += entry => StoredAt.TryAdd(entry.Id, _network.Clock.GetUtcNow());
        return engine;
    }
}
