using Icn.Core.Hashing;
using Icn.Gossip.Engine;
using Icn.Gossip.Storage;
using Icn.Protocol.Messages.Gossip;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

/// <summary>Group commit: concurrent publishes, and bursts of received entries, share transactions.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_publishes_share_commits_and_each_is_acknowledged_once_durable()
    {
        // The first commit is held at the store while 199 more publishes arrive, as on a busy disk: they wait as one group.
        var store = new CountingStore { Gate = new ManualResetEventSlim(false) };
        using var network = new Icn.TestKit.Simulation.SimulatedNetwork(5, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode(openStore: () => store);
        node.Engine.CreateTopic(new Topics.TopicDefinition(Topic));
        var commitsBefore = store.Adds;

        var first = node.Engine.PublishAsync(Topic, BitConverter.GetBytes(-1));
        Assert.True(store.Entered.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "the committer to reach the store");
        var rest = Enumerable.Range(0, 199).Select(i => Task.Run(() => node.Engine.PublishAsync(Topic, BitConverter.GetBytes(i)))).ToArray();
        await Poll.UntilAsync(() => node.Metrics.PublishQueue.Value == 199, "199 publishes queued behind the first commit");
        Assert.False(first.IsCompleted); // not acknowledged before it is durable
        store.Gate.Set();
        var published = await Task.WhenAll([first, .. rest]);

        Assert.Equal(200, published.Select(e => e.Id).Distinct().Count());
        Assert.All(published, entry => Assert.NotNull(store.Find(entry.Id))); // durable when acknowledged
        Assert.Equal(2, store.Adds - commitsBefore); // the first alone, the 199 together
        Assert.Equal(200, node.Metrics.EntriesPublished.Value);
    }

    [Fact]
    public void A_burst_of_pushes_is_committed_in_one_transaction_and_a_bad_one_among_them_is_refused_alone()
    {
        var store = new CountingStore();
        using var network = Network(2, seed: 6);
        var receiver = network.AddNode(openStore: () => store);
        receiver.Engine.CreateTopic(new Topics.TopicDefinition(Topic));
        var author = network.Nodes[0];
        var entries = Enumerable.Range(0, 50).Select(i => author.Engine.Publish(Topic, BitConverter.GetBytes(i))).ToList();
        entries[7] = entries[7] with { Signature = new byte[64] };
        var commitsBefore = store.Adds;

        receiver.Engine.Receive([.. entries.Select(e => new PeerMessage(author.Did, new Push(e)))]);

        Assert.Equal(1, store.Adds - commitsBefore);
        Assert.Equal(49, receiver.Metrics.EntriesReceived.Value);
        Assert.False(receiver.Engine.Holds(Topic, entries[7].Id));
        Assert.Equal(1, receiver.Registry.Counter(GossipCatalogue.EntriesRejected, "bad_signature").Value);
    }

    [Fact]
    public async Task Publishes_beyond_the_queue_bound_are_refused_as_busy_while_a_commit_is_stuck_and_the_queue_is_a_metric()
    {
        var store = new CountingStore { Gate = new ManualResetEventSlim(false) };
        using var network = new Icn.TestKit.Simulation.SimulatedNetwork(7, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode(new GossipOptions { PublishQueue = 10 }, openStore: () => store);
        node.Engine.CreateTopic(new Topics.TopicDefinition(Topic));
        Assert.Equal(10, node.Metrics.PublishQueueLimit.Value);

        var first = node.Engine.PublishAsync(Topic, "first"u8.ToArray());
        Assert.True(store.Entered.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "the committer to reach the store"); // and stay there
        var queued = Enumerable.Range(0, 10).Select(i => node.Engine.PublishAsync(Topic, BitConverter.GetBytes(i))).ToArray();
        Assert.Equal(10, node.Metrics.PublishQueue.Value);

        var refused = await Assert.ThrowsAsync<GossipException>(() => node.Engine.PublishAsync(Topic, "one too many"u8.ToArray()));
        Assert.True(refused.Busy);
        Assert.Contains("busy", refused.Message, StringComparison.Ordinal);

        store.Gate.Set();
        var published = await Task.WhenAll([first, .. queued]);
        Assert.Equal(11, published.Select(e => e.Id).Distinct().Count());
        Assert.Equal(0, node.Metrics.PublishQueue.Value);
        Assert.Equal(11, node.Metrics.EntriesPublished.Value);
    }

    /// <summary>A store in memory that counts its commits, and can hold them at a gate.</summary>
    private sealed class CountingStore : IEntryStore
    {
        private readonly MemoryEntryStore _inner = new();

        public int Adds { get; private set; }

        /// <summary>When set, each commit waits for it to open.</summary>
        public ManualResetEventSlim? Gate { get; init; }

        /// <summary>Set once a commit is waiting at the gate.</summary>
        public ManualResetEventSlim Entered { get; } = new(false);

        public IReadOnlyList<StoredTopic> LoadTopics() => _inner.LoadTopics();

        public void SaveTopic(StoredTopic topic) => _inner.SaveTopic(topic);

        public IReadOnlyList<StoredEntry> LoadEntries(string topic, Entries.EntryKey? after, int limit) => _inner.LoadEntries(topic, after, limit);

        public int RemoveUnreadable() => _inner.RemoveUnreadable();

        public void Add(IReadOnlyList<GossipEntry> entries)
        {
            if (Gate is { IsSet: false })
            {
                Entered.Set();
                Gate.Wait();
            }

            Adds++;
            _inner.Add(entries);
        }

        public GossipEntry? Find(ContentHash id) => _inner.Find(id);

        public void Remove(IReadOnlyList<ContentHash> ids) => _inner.Remove(ids);

        public void Dispose() => _inner.Dispose();
    }
}
