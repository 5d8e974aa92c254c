using Icn.Core.Hashing;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

/// <summary>Announced entries a node does not hold: tracked up to a bound, requested in batches, forgotten when nobody has them.</summary>
public sealed class MissingEntriesTests
{
    [Fact]
    public void A_peer_announcing_ids_that_exist_nowhere_fills_the_table_to_its_bound_is_asked_in_batches_and_then_forgotten()
    {
        using var network = new SimulatedNetwork(71, _ => TimeSpan.FromMilliseconds(5));
        var hostile = network.AddNode();
        var target = network.AddNode();
        foreach (var node in new[] { hostile, target })
        {
            node.Engine.CreateTopic(new TopicDefinition(Topic));
        }

        network.Connect(hostile, target);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var limit = target.Options.MissingEntries;
        var announced = 0;
        for (var batch = 0; batch < 10; batch++)
        {
            var ids = Enumerable.Range(announced, GossipLimits.MaxIds).Select(i => ContentHash.Hash(BitConverter.GetBytes(i))).ToArray();
            hostile.Send(target.Did, new Announce(Topic, ids));
            announced += ids.Length;
        }

        var requestsBefore = target.Metrics.RequestsSent.Value;
        network.Clock.RunFor(TimeSpan.FromMilliseconds(50)); // delivered, the graft delay not yet over
        Assert.Equal(16_384, limit);
        Assert.Equal(limit, target.Metrics.MissingEntries.Value);
        Assert.Equal(limit, target.Metrics.MissingEntriesLimit.Value);
        Assert.Equal(announced - limit, target.Metrics.MissingEntriesUntracked.Value);

        // The graft delay over, every tracked id is asked of its announcer, a full request at a time.
        network.Clock.RunFor(TimeSpan.FromMilliseconds(100));
        Assert.Equal(limit / GossipLimits.MaxIds, target.Metrics.RequestsSent.Value - requestsBefore);
        Assert.Equal(limit, target.Metrics.MissingEntries.Value);

        // Unanswered, and announced by nobody else: dropped after the request timeout, to anti-entropy.
        network.Clock.RunFor(target.Options.RequestTimeout + TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, target.Metrics.MissingEntries.Value);
        Assert.Equal(limit / GossipLimits.MaxIds, target.Metrics.RequestsSent.Value - requestsBefore);
    }

    [Fact]
    public void Entries_announced_in_one_batch_are_fetched_with_one_request_not_one_each()
    {
        // Pull-only, so that every entry reaches the reader by announce.
        using var network = Network(3, seed: 72, options: new GossipOptions { EagerPush = false });
        var (reader, author, other) = (network.Nodes[0], network.Nodes[1], network.Nodes[2]);
        network.Connect(reader, author);
        network.Connect(reader, other);
        network.Connect(author, other);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        var requestsBefore = reader.Metrics.RequestsSent.Value;
        var ids = Enumerable.Range(0, 200).Select(i => author.Engine.Publish(Topic, BitConverter.GetBytes(i)).Id).ToArray();
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        Assert.All(ids, id => Assert.True(reader.Engine.Holds(Topic, id)));
        Assert.Equal(0, reader.Metrics.MissingEntries.Value);
        var requests = reader.Metrics.RequestsSent.Value - requestsBefore;
        Assert.True(requests is >= 1 and <= 2, $"{requests} requests for 200 entries announced in one batch");
    }
}
