using System.Collections.Concurrent;
using System.Net;
using Icn.Core.Identity;
using Icn.Gossip;
using Icn.Gossip.Engine;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Network.Discovery;
using Icn.Network.Sessions;
using Icn.Observability.Registry;
using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// Real nodes in one process: each a TLS peer network on loopback, a gossip engine and a SQLite store
/// in a temporary folder, wired as icnd wires them. Connected as a ring plus random chords.
/// </summary>
internal sealed class GossipCluster : IAsyncDisposable
{
    public const string Topic = "bench:topic";

    private readonly string _folder;
    private readonly ConcurrentDictionary<Core.Hashing.ContentHash, int> _stores = new();
    private readonly ConcurrentDictionary<Core.Hashing.ContentHash, TaskCompletionSource> _everywhere = new();
    private long _replicated;
    private long _replicatedTarget = long.MaxValue;
    private TaskCompletionSource _allReplicated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GossipCluster(string folder, IReadOnlyList<ClusterNode> nodes)
    {
        _folder = folder;
        Nodes = nodes;
        foreach (var node in nodes)
        {
            node.Engine.EntryStored += OnStored;
        }
    }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    public static async Task<GossipCluster> StartAsync(int count, int chords, int seed)
    {
        var folder = Directory.CreateTempSubdirectory("icn-bench-").FullName;
        var nodes = new List<ClusterNode>();
        for (var i = 0; i < count; i++)
        {
            nodes.Add(await ClusterNode.StartAsync(Path.Combine(folder, $"node{i}.db")));
        }

        var random = new Random(seed);
        var links = new HashSet<(int, int)>();
        for (var i = 0; i < count; i++)
        {
            links.Add((i, (i + 1) % count));
            for (var c = 0; c < chords; c++)
            {
                links.Add((i, random.Next(count)));
            }
        }

        foreach (var (a, b) in links.Where(l => l.Item1 != l.Item2 && count > 1))
        {
            if (!nodes[a].Network.ConnectedPeers.Contains(nodes[b].Did))
            {
                await nodes[a].Network.ConnectAsync(nodes[b].Network.ListenEndPoint!, nodes[b].Did, CancellationToken.None);
            }
        }

        // Subscriptions are exchanged once both sides see the session; wait for them to settle.
        var cluster = new GossipCluster(folder, nodes);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (nodes.Any(n => n.Engine.Topics()[0].PeerSubscribers != n.Network.ConnectedPeers.Count) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return cluster;
    }

    /// <summary>Publishes one entry on <paramref name="author"/> and completes when every node has stored it.</summary>
    public Task PublishToAllAsync(int author, byte[] payload)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = Nodes[author].Engine.Publish(Topic, payload);
        _everywhere[entry.Id] = done;
        if (_stores.TryGetValue(entry.Id, out var stored) && stored >= Nodes.Count && _everywhere.TryRemove(entry.Id, out _))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>Publishes <paramref name="count"/> entries round-robin and completes when all are everywhere.</summary>
    public Task PublishManyAsync(int count, int payloadBytes)
    {
        _allReplicated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _replicated, 0);
        Volatile.Write(ref _replicatedTarget, (long)count * Nodes.Count);
        var payload = new byte[payloadBytes];
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(payload, Environment.TickCount64 ^ i);
            Nodes[i % Nodes.Count].Engine.Publish(Topic, payload);
        }

        return _allReplicated.Task;
    }

    /// <summary>Copies received (pushes and responses) per node per entry, over everything published so far.</summary>
    public double CopiesPerNodePerEntry()
    {
        var published = Nodes.Sum(n => n.Metrics.EntriesPublished.Value);
        var copies = Nodes.Sum(n => n.Metrics.EntriesReceived.Value + n.Metrics.DuplicatesReceived.Value);
        return published == 0 ? 0 : (double)copies / (published * (Nodes.Count - 1));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private void OnStored(Protocol.Messages.Gossip.GossipEntry entry)
    {
        // Counts stay after completion: the last store can land before the publisher registers its wait.
        var stored = _stores.AddOrUpdate(entry.Id, 1, (_, n) => n + 1);
        if (stored == Nodes.Count && _everywhere.TryRemove(entry.Id, out var done))
        {
            done.TrySetResult();
        }

        if (Interlocked.Increment(ref _replicated) == Volatile.Read(ref _replicatedTarget))
        {
            _allReplicated.TrySetResult();
        }
    }
}

/// <summary>One node of a <see cref="GossipCluster"/>.</summary>
internal sealed class ClusterNode : IGossipLink, IPeerHandler, IAsyncDisposable
{
    // The cluster's nodes are one cooperative's: no quota for strangers' entries (every node would be a stranger to the
    // others without a trust graph, and a run publishes far more than 1,000 entries per author).
    private static readonly GossipOptions s_options = new() { IsolatedAuthorEntries = int.MaxValue };

    private readonly IdentityKeyPair _identity;
    private readonly SqliteEntryStore _store;

    private ClusterNode(IdentityKeyPair identity, PeerNetwork network, SqliteEntryStore store, MetricRegistry registry)
    {
        _identity = identity;
        _store = store;
        Network = network;
        Registry = registry;
        Metrics = new GossipMetrics(registry, [GossipCluster.Topic]);
        Engine = new GossipEngine(identity, this, store, Metrics, s_options, TimeProvider.System, new Random(1), NullLogger<GossipEngine>.Instance);
        Engine.CreateTopic(new TopicDefinition(GossipCluster.Topic, maxEntries: 1_000_000));
        network.Use(this);
    }

    public void PeerConnected(Did peer) => Engine.PeerConnected(peer);

    public void PeerDisconnected(Did peer) => Engine.PeerDisconnected(peer);

    public ValueTask ReceiveAsync(Did peer, Protocol.Messages.Envelope envelope)
    {
        Engine.Receive(peer, envelope.Message);
        return ValueTask.CompletedTask;
    }

    public PeerNetwork Network { get; }

    public GossipEngine Engine { get; }

    public MetricRegistry Registry { get; }

    public GossipMetrics Metrics { get; }

    public Did Did => _identity.Did;

    public static async Task<ClusterNode> StartAsync(string databasePath)
    {
        var options = new NetworkOptions
        {
            ListenAddress = new IPEndPoint(IPAddress.Loopback, 0),
            SendQueueCapacity = 65_536,
            Budgets = ClassBudgets.Uniform(new PeerBudget(1e9, 1e9, 1e12, 1e12)),
            Discovery = new DiscoveryOptions { Enabled = false },
        };
        var identity = IdentityKeyPair.Generate();
        var registry = new MetricRegistry();
        var network = new PeerNetwork(identity, options, registry, TimeProvider.System, NullLoggerFactory.Instance);
        var node = new ClusterNode(identity, network, new SqliteEntryStore(databasePath), registry);
        await network.StartAsync(CancellationToken.None);
        return node;
    }

    public bool Send(Did peer, Message message) => Network.Send(peer, message);

    public void Misbehaved(Did peer, string reason) => Network.Penalize(peer, reason);

    public void Useful(Did peer) => Network.MarkUseful(peer);

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await Network.DisposeAsync();
        _store.Dispose();
        _identity.Dispose();
    }
}
