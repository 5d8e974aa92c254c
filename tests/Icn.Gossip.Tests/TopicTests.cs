using Icn.Gossip.Engine;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

public sealed class TopicTests
{
    [Fact]
    public void A_topic_keeps_at_most_its_maximum_and_drops_the_oldest_first()
    {
        using var network = new SimulatedNetwork(80, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode();
        node.Engine.CreateTopic(new TopicDefinition("small", maxEntries: 5));
        var ids = new List<Core.Hashing.ContentHash>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(node.Engine.Publish("small", BitConverter.GetBytes(i)).Id);
            network.Clock.RunFor(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(5, node.Engine.Topics()[0].Entries);
        Assert.All(ids[..3], id => Assert.False(node.Engine.Holds("small", id)));
        Assert.All(ids[3..], id => Assert.True(node.Engine.Holds("small", id)));
        Assert.Equal(5, node.Metrics.EntriesTotal.Value);
        Assert.Null(node.Store.Find(ids[0]));
    }

    [Fact]
    public void One_author_flooding_a_full_topic_evicts_its_own_entries_and_no_one_elses()
    {
        using var network = new SimulatedNetwork(82, _ => TimeSpan.FromMilliseconds(5));
        var (a, b, flooder) = (network.AddNode(), network.AddNode(), network.AddNode());
        foreach (var node in new[] { a, b, flooder })
        {
            node.Engine.CreateTopic(new TopicDefinition("small", maxEntries: 200));
        }

        network.Connect(a, b);
        network.Connect(b, flooder);
        network.Connect(a, flooder);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var honest = new List<Core.Hashing.ContentHash>();
        for (var i = 0; i < 20; i++)
        {
            honest.Add(a.Engine.Publish("small", BitConverter.GetBytes(i)).Id);
            honest.Add(b.Engine.Publish("small", BitConverter.GetBytes(i)).Id);
        }

        for (var i = 0; i < 1000; i++)
        {
            flooder.Engine.Publish("small", BitConverter.GetBytes(i));
            if (i % 100 == 0)
            {
                honest.Add(a.Engine.Publish("small", BitConverter.GetBytes(1000 + i)).Id); // acknowledged during the flood
            }

            network.Clock.RunFor(TimeSpan.FromMilliseconds(1));
        }

        network.Clock.RunFor(TimeSpan.FromSeconds(2));
        foreach (var node in new[] { a, b, flooder })
        {
            Assert.All(honest, id => Assert.True(node.Engine.Holds("small", id)));
            Assert.InRange(node.Engine.Topics()[0].Entries, 200, 202); // trimmed back to 200 each time it passes by 1%
            Assert.Equal(node.Engine.Topics()[0].Entries - honest.Count, node.Engine.Entries("small", 1000, flooder.Did).Count);
        }
    }

    [Fact]
    public void Entries_older_than_the_retention_are_dropped_at_the_next_anti_entropy_pass()
    {
        using var network = new SimulatedNetwork(81, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode();
        node.Engine.CreateTopic(new TopicDefinition("brief", retention: TimeSpan.FromMinutes(1)));
        var old = node.Engine.Publish("brief", "old"u8).Id;
        network.Clock.RunFor(TimeSpan.FromSeconds(45));
        var recent = node.Engine.Publish("brief", "recent"u8).Id;

        network.Clock.RunFor(TimeSpan.FromSeconds(30));

        Assert.False(node.Engine.Holds("brief", old));
        Assert.True(node.Engine.Holds("brief", recent));
    }

    [Fact]
    public void A_topic_created_later_on_one_side_is_subscribed_both_ways_and_its_entries_are_pushed()
    {
        using var network = new SimulatedNetwork(84, _ => TimeSpan.FromMilliseconds(5));
        var (a, b) = (network.AddNode(), network.AddNode());
        a.Engine.CreateTopic(new TopicDefinition("late"));
        network.Connect(a, b);
        network.Clock.RunFor(TimeSpan.FromSeconds(1)); // a's subscription is refused: b lacks the topic

        b.Engine.CreateTopic(new TopicDefinition("late"));
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var id = b.Engine.Publish("late", "from b"u8).Id;
        network.Clock.RunFor(TimeSpan.FromMilliseconds(50)); // well before any anti-entropy round

        Assert.True(a.Engine.Holds("late", id));
        Assert.Equal(1, a.Metrics.PushesReceived.Value);
        Assert.Equal(1, a.Metrics.PeerSubscriptions.Value);
        Assert.Equal(1, b.Metrics.PeerSubscriptions.Value);
    }

    [Fact]
    public void A_replaced_session_gets_the_subscriptions_again_as_those_sent_on_the_closed_one_may_be_lost()
    {
        using var network = Network(2, seed: 85);
        var (a, b) = (network.Nodes[0], network.Nodes[1]);
        network.Connect(a, b);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(1, a.Metrics.SubscribesSent.Value);

        a.Engine.PeerConnected(b.Did); // a simultaneous dial replaced the session: the network says so again
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(2, a.Metrics.SubscribesSent.Value);
        Assert.Equal(1, b.Metrics.PeerSubscriptions.Value); // subscribing twice is one subscription
    }

    [Fact]
    public void Unsubscribing_is_acknowledged_and_stops_new_entries_but_keeps_stored_ones()
    {
        using var network = Network(2, seed: 82);
        var (a, b) = (network.Nodes[0], network.Nodes[1]);
        network.Connect(a, b);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var before = a.Engine.Publish(Topic, "before"u8).Id;
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        b.Engine.Unsubscribe(Topic);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var after = a.Engine.Publish(Topic, "after"u8).Id;
        network.Clock.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(1, b.Metrics.UnsubscribesSent.Value);
        Assert.Equal(1, a.Metrics.UnsubscribesReceived.Value);
        Assert.Equal(2, b.Metrics.AcksReceived.Value); // the subscription's, then the unsubscription's
        Assert.Equal(0, a.Metrics.PeerSubscriptions.Value);
        Assert.Equal(0, b.Metrics.LocalSubscriptions.Value);
        Assert.True(b.Engine.Holds(Topic, before));
        Assert.False(b.Engine.Holds(Topic, after));
    }

    [Fact]
    public void Local_operations_on_unknown_or_closed_topics_are_refused_with_a_reason()
    {
        using var network = new SimulatedNetwork(83, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode(new GossipOptions { MaxPayloadBytes = 16 });
        var outsider = network.AddNode();
        node.Engine.CreateTopic(new TopicDefinition("closed", TopicAccess.Participants, [outsider.Did]));

        Assert.Contains("does not exist", Assert.Throws<GossipException>(() => node.Engine.Publish("nowhere", "x"u8)).Message, StringComparison.Ordinal);
        Assert.Contains("participants only", Assert.Throws<GossipException>(() => node.Engine.Publish("closed", "x"u8)).Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit of 16", Assert.Throws<GossipException>(() => node.Engine.Publish("closed", new byte[17])).Message, StringComparison.Ordinal);
        Assert.Contains("different settings", Assert.Throws<GossipException>(() => node.Engine.CreateTopic(new TopicDefinition("closed"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TopicDefinition("has space"));
        Assert.Throws<ArgumentException>(() => new TopicDefinition(new string('x', 129)));
        Assert.Equal(0, node.Metrics.EntriesPublished.Value);
    }

    [Fact]
    public void Topics_entries_and_subscriptions_survive_a_restart_in_sqlite()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "gossip.db");
        using var network = new SimulatedNetwork(84, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode(openStore: () => new SqliteEntryStore(path));
        node.Engine.CreateTopic(new TopicDefinition("kept", TopicAccess.Participants, [node.Did], maxEntries: 50, retention: TimeSpan.FromDays(2)));
        node.Engine.CreateTopic(new TopicDefinition("left"));
        node.Engine.Unsubscribe("left");
        var entry = node.Engine.Publish("kept", "durable"u8);

        network.Stop(node);
        network.Start(node);

        var topics = node.Engine.Topics();
        Assert.Equal(["kept", "left"], topics.Select(t => t.Definition.Name));
        Assert.Equal([true, false], topics.Select(t => t.Subscribed));
        Assert.Equal(TopicAccess.Participants, topics[0].Definition.Access);
        Assert.Equal(50, topics[0].Definition.MaxEntries);
        Assert.Equal(TimeSpan.FromDays(2), topics[0].Definition.Retention);
        var stored = Assert.Single(node.Engine.Entries("kept", 10));
        Assert.Equal(entry.Id, stored.Id);
        Assert.Equal(entry.Signature, stored.Signature);
        Assert.Equal(entry.Payload, stored.Payload);
        Assert.Equal(1, node.Metrics.EntriesTotal.Value);
    }

    [Fact]
    public void A_restart_verifies_and_indexes_every_entry_of_a_topic_larger_than_one_load_page()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "gossip.db");
        using var network = new SimulatedNetwork(85, _ => TimeSpan.FromMilliseconds(5));
        var node = network.AddNode(openStore: () => new SqliteEntryStore(path));
        node.Engine.CreateTopic(new TopicDefinition("big", maxEntries: 5_000));
        for (var i = 0; i < 2_500; i++) // many share a millisecond: pages must split between equal timestamps
        {
            node.Engine.Publish("big", BitConverter.GetBytes(i));
        }

        network.Stop(node);
        network.Start(node);

        Assert.Equal(2_500, node.Metrics.EntriesTotal.Value);
        Assert.Equal(2_500, node.Engine.Entries("big", 5_000).Select(e => e.Id).Distinct().Count());
        Assert.Equal(0, node.Metrics.DamagedEntries.Value);
    }
}
