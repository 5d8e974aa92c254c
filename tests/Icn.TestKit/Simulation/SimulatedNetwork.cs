using System.Buffers;
using Icn.Core.Identity;
using Icn.Gossip;
using Icn.Gossip.Storage;
using Icn.Identity.Keys;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;

namespace Icn.TestKit.Simulation;

/// <summary>
/// Many gossip engines in one process on a <see cref="SimulatedClock"/>. Links are FIFO with a delay
/// drawn once per link from a seeded random source; every message is encoded and decoded on the way,
/// so the wire format is exercised too. Links can be cut (partitions, stopped nodes) and restored.
/// </summary>
public sealed class SimulatedNetwork : IDisposable
{
    private readonly Random _random;
    private readonly Func<Random, TimeSpan> _linkDelay;
    private readonly List<SimulatedNode> _nodes = [];
    private readonly Dictionary<Did, SimulatedNode> _byDid = [];
    private readonly Dictionary<(int, int), Link> _links = [];

    public SimulatedNetwork(int seed, Func<Random, TimeSpan> linkDelay)
    {
        _random = new Random(seed);
        _linkDelay = linkDelay;
        Clock = new SimulatedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public SimulatedClock Clock { get; }

    public IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>Links made so far, up or cut.</summary>
    public int LinkCount => _links.Count;

    /// <summary>Messages handed to links so far.</summary>
    public long MessagesSent { get; private set; }

    /// <summary>Encoded bytes (envelope included, framing excluded) handed to links so far, by message type.</summary>
    public Dictionary<MessageType, long> BytesSent { get; } = [];

    /// <summary>
    /// Adds a node. <paramref name="openStore"/> opens its store at start and at every restart; by default
    /// a store in memory that outlives restarts.
    /// </summary>
    public SimulatedNode AddNode(GossipOptions? options = null, Func<IEntryStore>? openStore = null)
    {
        var seed = new byte[IdentityKeyPair.SeedLength];
        _random.NextBytes(seed);
        if (openStore is null)
        {
            var memory = new MemoryEntryStore();
            openStore = () => memory;
        }

        var node = new SimulatedNode(this, _nodes.Count, IdentityKeyPair.FromSeed(seed), openStore, options ?? new GossipOptions(), _random.Next());
        _nodes.Add(node);
        _byDid[node.Did] = node;
        return node;
    }

    /// <summary>Links two nodes (both see the peer connect); returns the link's delay.</summary>
    public TimeSpan Connect(SimulatedNode a, SimulatedNode b)
    {
        var key = Key(a, b);
        if (!_links.TryGetValue(key, out var link))
        {
            link = new Link(_linkDelay(_random));
            _links[key] = link;
        }

        if (!link.Up && a.Running && b.Running)
        {
            link.Up = true;
            link.Generation++;
            a.Engine.PeerConnected(b.Did);
            b.Engine.PeerConnected(a.Did);
        }

        return link.Delay;
    }

    /// <summary>Cuts a link: messages in flight are lost and both sides see the peer go.</summary>
    public void Disconnect(SimulatedNode a, SimulatedNode b)
    {
        if (_links.TryGetValue(Key(a, b), out var link) && link.Up)
        {
            link.Up = false;
            a.Engine.PeerDisconnected(b.Did);
            b.Engine.PeerDisconnected(a.Did);
        }
    }

    /// <summary>Cuts every link between <paramref name="side"/> and the rest.</summary>
    public void Partition(IReadOnlyCollection<SimulatedNode> side)
    {
        foreach (var (a, b) in LinkedPairs())
        {
            if (side.Contains(a) != side.Contains(b))
            {
                Disconnect(a, b);
            }
        }
    }

    /// <summary>Restores every link between running nodes.</summary>
    public void Heal()
    {
        foreach (var (a, b) in LinkedPairs())
        {
            Connect(a, b);
        }
    }

    public void Stop(SimulatedNode node)
    {
        foreach (var (a, b) in LinkedPairs().Where(p => p.A == node || p.B == node))
        {
            Disconnect(a, b);
        }

        node.Stop();
    }

    public void Start(SimulatedNode node)
    {
        node.Start();
        foreach (var (a, b) in LinkedPairs().Where(p => p.A == node || p.B == node))
        {
            Connect(a, b);
        }
    }

    /// <summary>A ring (so the graph is connected) plus <paramref name="chords"/> random links per node.</summary>
    public void ConnectRandomly(int chords)
    {
        for (var i = 0; i < _nodes.Count; i++)
        {
            Connect(_nodes[i], _nodes[(i + 1) % _nodes.Count]);
            for (var c = 0; c < chords; c++)
            {
                var j = _random.Next(_nodes.Count);
                if (j != i)
                {
                    Connect(_nodes[i], _nodes[j]);
                }
            }
        }
    }

    /// <summary>Messages for which this returns true are sent but lost on the way (as on a lossy link that stays up).</summary>
    public Func<Message, bool>? Lose { get; set; }

    internal bool Deliver(SimulatedNode from, Did to, Message message)
    {
        if (!_byDid.TryGetValue(to, out var target) || !_links.TryGetValue(Key(from, target), out var link) || !link.Up)
        {
            return false;
        }

        if (Lose?.Invoke(message) == true)
        {
            MessagesSent++;
            return true;
        }

        var buffer = new ArrayBufferWriter<byte>();
        new Envelope(message).Encode(buffer);
        var bytes = buffer.WrittenSpan.ToArray();
        var generation = link.Generation;
        MessagesSent++;
        BytesSent[message.Type] = BytesSent.GetValueOrDefault(message.Type) + bytes.Length;
        Clock.Schedule(link.Delay, () =>
        {
            if (link.Up && link.Generation == generation)
            {
                target.Deliver(from.Did, Envelope.Decode(bytes, Frames.DefaultMaxPayload).Message);
            }
        });
        return true;
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private IEnumerable<(SimulatedNode A, SimulatedNode B)> LinkedPairs() =>
        _links.Keys.Order().Select(k => (_nodes[k.Item1], _nodes[k.Item2])).ToArray();

    private static (int, int) Key(SimulatedNode a, SimulatedNode b) => a.Index < b.Index ? (a.Index, b.Index) : (b.Index, a.Index);

    private sealed class Link(TimeSpan delay)
    {
        public TimeSpan Delay { get; } = delay;

        public bool Up { get; set; }

        public int Generation { get; set; }
    }
}
