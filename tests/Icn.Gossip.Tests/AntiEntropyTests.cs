using Icn.Core.Hashing;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

public sealed class AntiEntropyTests(ITestOutputHelper output)
{
    [Fact]
    public void Partitioned_halves_converge_after_healing_without_republishing()
    {
        using var network = Network(50, seed: 51);
        network.ConnectRandomly(chords: 3);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var west = network.Nodes.Take(25).ToArray();
        var east = network.Nodes.Skip(25).ToArray();

        network.Partition(west);
        var ids = new List<ContentHash>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(west[i].Engine.Publish(Topic, BitConverter.GetBytes(i)).Id);
            ids.Add(east[i].Engine.Publish(Topic, BitConverter.GetBytes(100 + i)).Id);
        }

        network.Clock.RunFor(TimeSpan.FromSeconds(5));
        Assert.All(west, n => Assert.Equal(10, n.Engine.Topics()[0].Entries));
        Assert.All(east, n => Assert.Equal(10, n.Engine.Topics()[0].Entries));

        var healedAt = network.Clock.GetUtcNow();
        network.Heal();
        var converged = network.Clock.RunUntil(() => ids.All(id => AllHold(network, id)), TimeSpan.FromSeconds(30));

        Assert.True(converged, "the halves did not converge within 30 simulated seconds");
        Assert.All(network.Nodes, n => Assert.Equal(20, n.Engine.Topics()[0].Entries));
        Assert.Equal(0, Sum(network, m => m.EntriesPublished) - 20);
        output.WriteLine($"repaired by anti-entropy: {Sum(network, m => m.AntiEntropyRepaired)}, rounds {Sum(network, m => m.AntiEntropyRounds)}, "
            + $"reconcile bytes sent {Sum(network, m => m.AntiEntropyBytesSent)}, converged {(network.Clock.GetUtcNow() - healedAt).TotalMilliseconds} ms after healing");
        Assert.True(Sum(network, m => m.AntiEntropyRepaired) > 0);
    }

    [Fact]
    public void Periodic_reconciliation_repairs_entries_lost_in_flight()
    {
        using var network = Network(2, seed: 52);
        var (_, b, id) = LoseOnePush(network);
        Assert.False(b.Engine.Holds(Topic, id));

        Assert.True(network.Clock.RunUntil(() => b.Engine.Holds(Topic, id), TimeSpan.FromSeconds(13)));
        Assert.Equal(1, b.Metrics.AntiEntropyRepaired.Value);
        Assert.Equal(1, b.Metrics.EntriesReceived.Value);
    }

    [Fact]
    public void A_repair_that_never_arrives_is_counted_as_lapsed_at_the_next_pass()
    {
        using var network = Network(2, seed: 54);
        var (a, b, id) = LoseOnePush(network);

        // Every answer to a request is lost: B asks, and asks again at each pass, but never gets the entry.
        network.Lose = message => message is Protocol.Messages.Gossip.Response;
        network.Clock.RunFor(TimeSpan.FromSeconds(30));

        Assert.False(b.Engine.Holds(Topic, id));
        Assert.InRange(b.Metrics.AntiEntropyRepairLapsed.Value, 1, 3);
        Assert.Equal(0, b.Metrics.AntiEntropyRepaired.Value);
        Assert.Equal(0, a.Metrics.AntiEntropyRepairLapsed.Value);
    }

    [Fact]
    public void A_reconciliation_still_differing_at_the_round_limit_is_abandoned_and_counted()
    {
        using var network = Network(2, seed: 55, options: new GossipOptions { MaxReconcileRounds = 1 });
        var (a, b) = (network.Nodes[0], network.Nodes[1]);

        // 500 entries on A alone: one exchange cannot settle them (ranges split, ids follow a round later).
        for (var i = 0; i < 500; i++)
        {
            a.Engine.Publish(Topic, BitConverter.GetBytes(i));
        }

        network.Connect(a, b);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        // Each side opened one reconciliation when the other accepted its subscription; each hit the limit once.
        Assert.Equal((1, 1), (a.Metrics.AntiEntropyRoundLimit.Value, b.Metrics.AntiEntropyRoundLimit.Value));
    }

    [Fact]
    public void Node_restarted_after_missing_a_thousand_entries_catches_up_from_its_database()
    {
        using var folder = new TempDirectory();
        using var network = new SimulatedNetwork(53, r => TimeSpan.FromMilliseconds(5 + r.Next(20)));
        for (var i = 0; i < 5; i++)
        {
            network.AddNode().Engine.CreateTopic(new TopicDefinition(Topic));
        }

        var late = network.AddNode(openStore: () => new SqliteEntryStore(Path.Combine(folder.Path, "gossip.db")));
        late.Engine.CreateTopic(new TopicDefinition(Topic));
        network.ConnectRandomly(chords: 2);
        var early = network.Nodes[0].Engine.Publish(Topic, "before"u8).Id;
        Assert.True(network.Clock.RunUntil(() => AllHold(network, early), TimeSpan.FromSeconds(1)));

        network.Stop(late);
        var ids = new List<ContentHash>();
        for (var i = 0; i < 1000; i++)
        {
            ids.Add(network.Nodes[i % 5].Engine.Publish(Topic, BitConverter.GetBytes(i)).Id);
            network.Clock.RunFor(TimeSpan.FromMilliseconds(10));
        }

        network.Start(late);
        Assert.Equal(1, late.Engine.Topics()[0].Entries); // what it stored before stopping is still there
        var caughtUp = network.Clock.RunUntil(() => ids.All(id => late.Engine.Holds(Topic, id)), TimeSpan.FromSeconds(30));

        Assert.True(caughtUp, $"holds {late.Engine.Topics()[0].Entries} of 1001 entries after 30 simulated seconds");
        Assert.Equal(1000, late.Metrics.AntiEntropyRepaired.Value);
        Assert.Equal(1001, late.Metrics.EntriesReceived.Value);
        Assert.Equal(1001, late.Engine.Topics()[0].Entries);
        output.WriteLine($"reconcile bytes sent by the late node: {late.Metrics.AntiEntropyBytesSent.Value}, received: {late.Metrics.AntiEntropyBytesReceived.Value}");
    }

    /// <summary>
    /// Connects the network's two nodes; the first publishes while the second's engine does not hear it,
    /// as if the push were lost on a link that stays up.
    /// </summary>
    private static (SimulatedNode A, SimulatedNode B, ContentHash Id) LoseOnePush(SimulatedNetwork network)
    {
        var (a, b) = (network.Nodes[0], network.Nodes[1]);
        network.Connect(a, b);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        network.Stop(b);
        var id = a.Engine.Publish(Topic, "lost"u8).Id;
        network.Start(b);
        return (a, b, id);
    }
}
