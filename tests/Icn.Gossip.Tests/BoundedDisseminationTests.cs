using Icn.Protocol.Messages.Gossip;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

/// <summary>Peer sampling and batching: what an entry costs a node must not grow with the number of its peers.</summary>
public sealed class BoundedDisseminationTests(ITestOutputHelper output)
{
    [Fact]
    public void Active_views_are_symmetric_within_their_bounds_and_counted()
    {
        using var network = Network(60, seed: 61);
        network.ConnectRandomly(chords: 10); // about 21 peers each
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        var views = network.Nodes.ToDictionary(n => n.Did, n => n.Engine.Topics().Single().ActivePeers.ToHashSet());
        foreach (var node in network.Nodes)
        {
            var view = views[node.Did];
            Assert.InRange(view.Count, 1, 8);
            Assert.All(view, peer => Assert.Contains(node.Did, views[peer])); // used both ways or not at all
            Assert.Equal(view.Count, node.Metrics.ActiveViewPeers.Value);
            Assert.Equal(8, node.Metrics.ActiveViewLimit.Value);
        }

        Assert.True(views.Values.Average(v => v.Count) >= 6, $"{views.Values.Average(v => v.Count):F1} peers per view on average");
    }

    [Fact]
    public void Strangers_asking_urgently_displace_at_most_the_views_headroom_per_pass_and_never_a_trusted_member()
    {
        foreach (var trusted in new[] { false, true })
        {
            // A hub whose view is full of its 10 peers' best 8, then 50 more identities that each ask urgently to join.
            using var network = Network(11, seed: 62);
            var hub = network.Nodes[0];
            var honest = network.Nodes.Skip(1).ToArray();
            if (trusted)
            {
                hub.Engine.UseTrust(new ClassPolicy(honest.Select(n => n.Did).ToHashSet()));
            }

            foreach (var peer in honest)
            {
                network.Connect(hub, peer);
            }

            network.Clock.RunFor(TimeSpan.FromSeconds(1));
            Assert.Equal(8, hub.Engine.Topics().Single().ActivePeers.Count);
            var sybils = Enumerable.Range(0, 50).Select(_ => network.AddNode()).ToArray();
            foreach (var sybil in sybils)
            {
                sybil.Engine.CreateTopic(new Topics.TopicDefinition(Topic));
                network.Connect(hub, sybil);
            }

            network.Clock.RunFor(TimeSpan.FromMilliseconds(100));
            var before = honest.Sum(n => n.Metrics.NeighborsReceived.Value);
            foreach (var sybil in sybils)
            {
                sybil.Send(hub.Did, new Neighbor(Topic, NeighborIntent.Urgent));
                sybil.Send(hub.Did, new Neighbor(Topic, NeighborIntent.Leave));
                sybil.Send(hub.Did, new Neighbor(Topic, NeighborIntent.Urgent));
            }

            network.Clock.RunFor(TimeSpan.FromSeconds(1)); // well within one anti-entropy pass

            // Each displacement is one Leave to an honest member: at most the headroom (MaxFanout - Fanout = 2) per pass for
            // strangers among strangers, and none when the honest members are trusted above them.
            var displaced = honest.Sum(n => n.Metrics.NeighborsReceived.Value) - before;
            var view = hub.Engine.Topics().Single().ActivePeers;
            Assert.InRange(displaced, 0, trusted ? 0 : 2);
            Assert.True(view.Count(p => honest.Any(h => h.Did == p)) >= (trusted ? 8 : 6), $"{string.Join(", ", view)}");
        }
    }

    /// <summary>The given DIDs are partners; every other DID is a stranger.</summary>
    private sealed class ClassPolicy(IReadOnlySet<Core.Identity.Did> partners) : Trust.ITrustPolicy
    {
        public event Action? Changed { add { } remove { } }

        public Trust.TrustClass ClassOf(Core.Identity.Did did) => partners.Contains(did) ? Trust.TrustClass.Partner : Trust.TrustClass.Isolated;
    }

    [Fact]
    public void A_node_with_a_hundred_subscribers_sends_each_entry_to_at_most_eight_of_them()
    {
        using var network = Network(101, seed: 101);
        var hub = network.Nodes[0];
        for (var i = 1; i <= 100; i++)
        {
            network.Connect(hub, network.Nodes[i]);
            network.Connect(network.Nodes[i], network.Nodes[i % 100 + 1]); // the others in a ring, each with a way round the hub
        }

        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var ids = Enumerable.Range(0, 20).Select(i => hub.Engine.Publish(Topic, BitConverter.GetBytes(i)).Id).ToList();

        Assert.True(network.Clock.RunUntil(() => ids.All(id => AllHold(network, id)), TimeSpan.FromSeconds(3)), "every node holds every entry");
        Assert.Equal(100, hub.Engine.Topics().Single().PeerSubscribers);
        Assert.InRange(hub.Metrics.PushesSent.Value, 1, 20 * 8);
        Assert.Equal(0, Sum(network, m => m.AntiEntropyRepaired)); // dissemination alone reached everyone
    }

    [Fact]
    public void Announces_of_a_burst_go_out_in_batches_not_one_message_per_entry()
    {
        using var network = Network(30, seed: 30);
        network.ConnectRandomly(chords: 4);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var author = network.Nodes[0];
        author.Engine.Publish(Topic, "warm-up"u8);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var before = Sum(network, m => m.AnnouncesSent);

        var ids = Enumerable.Range(0, 100).Select(i => author.Engine.Publish(Topic, BitConverter.GetBytes(i)).Id).ToList();
        Assert.True(network.Clock.RunUntil(() => ids.All(id => AllHold(network, id)), TimeSpan.FromSeconds(2)));
        network.Clock.RunFor(TimeSpan.FromMilliseconds(200));

        var perNodePerEntry = (double)(Sum(network, m => m.AnnouncesSent) - before) / (30 * 100);
        output.WriteLine($"announce messages per node per entry: {perNodePerEntry:F3}");
        Assert.True(perNodePerEntry < 0.2, $"{perNodePerEntry:F3} announces per node per entry"); // one per entry per lazy peer would be above 2
    }

    [Fact]
    public void A_peer_leaving_the_view_is_replaced_by_a_passive_subscriber()
    {
        using var network = Network(12, seed: 12);
        for (var i = 0; i < 12; i++)
        {
            for (var j = i + 1; j < 12; j++)
            {
                network.Connect(network.Nodes[i], network.Nodes[j]);
            }
        }

        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var node = network.Nodes[0];
        var member = node.Engine.Topics().Single().ActivePeers[0];
        network.Stop(network.Nodes.Single(n => n.Did == member));
        network.Clock.RunFor(TimeSpan.FromMilliseconds(200));

        var view = node.Engine.Topics().Single().ActivePeers;
        Assert.DoesNotContain(member, view);
        Assert.InRange(view.Count, 6, 8);
    }

    [Fact]
    public void A_thousand_nodes_deliver_within_250_ms_at_p99_with_one_copy_each_through_churn_and_a_healed_partition()
    {
        var result = ScaleScenario.Run(nodes: 1000, chords: 8, linkDelay: TimeSpan.FromMilliseconds(25), authors: 10, entriesPerPhase: 2, seed: 1000);

        foreach (var phase in result.Phases)
        {
            output.WriteLine(phase.ToString());
        }

        output.WriteLine($"{result.BytesPerNode:N0} B per node, {result.WallSeconds:F0} s");
        var steady = result.Phases[0];
        Assert.True(steady.P99Ms <= 250, $"p99 {steady.P99Ms} ms");
        Assert.True(steady.Copies <= 1.2, $"{steady.Copies:F3} copies per node per entry");
        Assert.All(result.Phases, p => Assert.True(p.ConvergedMs < 5_000, $"{p.Name}: converged after {p.ConvergedMs} ms"));
    }

    [Fact]
    public void Announce_bytes_per_node_per_entry_do_not_grow_with_the_number_of_peers()
    {
        double AnnounceBytes(int chords) => ScaleScenario.Run(nodes: 150, chords, TimeSpan.FromMilliseconds(25), authors: 5, entriesPerPhase: 4, seed: 7)
            .Phases[0].AnnounceBytes;

        var sparse = AnnounceBytes(chords: 3);  // about 7 peers each
        var dense = AnnounceBytes(chords: 30);  // about 61 peers each
        output.WriteLine($"announce bytes per node per entry: {sparse:F0} with ~7 peers, {dense:F0} with ~61");
        Assert.True(dense < sparse * 1.5, $"{dense:F0} B with ~61 peers against {sparse:F0} B with ~7");
    }
}
