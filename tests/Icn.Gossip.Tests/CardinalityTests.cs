using System.Text;
using Icn.Core.Hashing;
using Icn.Gossip.Topics;
using Icn.Observability.Exposition;
using Icn.Protocol.Messages.Gossip;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

public sealed class CardinalityTests
{
    [Fact]
    public void Ten_thousand_topic_names_from_a_peer_add_no_series()
    {
        using var network = new SimulatedNetwork(70, _ => TimeSpan.FromMilliseconds(5));
        var hostile = network.AddNode();
        var target = network.AddNode(new GossipOptions { MetricTopics = ["coop:news"] });
        target.Engine.CreateTopic(new TopicDefinition("coop:news"));
        target.Engine.CreateTopic(new TopicDefinition("coop:unlisted"));
        network.Connect(hostile, target);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var before = SeriesCount(target);

        var names = Enumerable.Range(0, 10_000).Select(i => $"spam:{i}").ToArray();
        foreach (var chunk in names.Chunk(GossipLimits.MaxTopics))
        {
            hostile.Send(target.Did, new Subscribe(chunk));
        }

        foreach (var name in names)
        {
            hostile.Send(target.Did, new Announce(name, [ContentHash.Hash(Encoding.UTF8.GetBytes(name))]));
            hostile.Send(target.Did, new Reconcile(name, 0, [ReconcileRange.IdList(RangeBound.Infinity, [])]));
        }

        foreach (var name in names.Take(100))
        {
            hostile.Engine.CreateTopic(new TopicDefinition(name));
            hostile.Send(target.Did, new Push(hostile.Engine.Publish(name, "x"u8)));
        }

        network.Clock.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(before, SeriesCount(target));
        Assert.Equal(2, target.Engine.Topics().Count);
        Assert.Equal(100, target.Registry.Counter(Icn.Gossip.GossipCatalogue.EntriesRejected, "unknown_topic").Value);
        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(target.Registry, ExpositionFormat.PrometheusText));
        Assert.DoesNotContain("spam:", text, StringComparison.Ordinal);
        Assert.Contains("icn_gossip_topic_entries{topic=\"coop:news\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("icn_gossip_topic_entries{topic=\"other\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_topics_get_their_own_series_and_the_rest_add_up_in_other()
    {
        using var network = Network(2, seed: 71, options: new GossipOptions { MetricTopics = [Topic] });
        var (a, b) = (network.Nodes[0], network.Nodes[1]);
        foreach (var node in network.Nodes)
        {
            node.Engine.CreateTopic(new TopicDefinition("coop:one"));
            node.Engine.CreateTopic(new TopicDefinition("coop:two"));
        }

        network.Connect(a, b);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        a.Engine.Publish(Topic, "1"u8);
        a.Engine.Publish("coop:one", "2"u8);
        a.Engine.Publish("coop:two", "3"u8);
        a.Engine.Publish("coop:two", "4"u8);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(1, b.Metrics.ForTopic(Topic).Entries.Value);
        Assert.Equal(3, b.Metrics.ForTopic("coop:one").Entries.Value);
        Assert.Same(b.Metrics.ForTopic("coop:one"), b.Metrics.ForTopic("coop:two"));
        Assert.Equal(1, b.Metrics.ForTopic(Topic).EntriesReceived.Value);
        Assert.Equal(3, b.Metrics.ForTopic("anything").EntriesReceived.Value);
        Assert.Equal(4, b.Metrics.EntriesTotal.Value);
        Assert.Equal(3, b.Metrics.TopicsTotal.Value);
    }

    private static int SeriesCount(SimulatedNode node) =>
        Encoding.UTF8.GetString(ExpositionWriter.Render(node.Registry, ExpositionFormat.PrometheusText))
            .Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
}
