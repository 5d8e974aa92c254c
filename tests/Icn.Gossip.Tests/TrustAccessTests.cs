using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;
using Icn.TestKit.Simulation;
using Icn.Trust;
using Icn.Trust.Edges;
using Icn.Trust.Graph;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

/// <summary>
/// The trust graph as gossip's policy: strangers' quota per topic (and a topic owner's own cap), and topics open to a
/// class and above. A hostile node pushes to B; B's trust graph is real.
/// </summary>
public sealed class TrustAccessTests : IDisposable
{
    private const string Board = "coop:board";
    private readonly SimulatedNetwork _network;
    private readonly SimulatedNode _author;
    private readonly SimulatedNode _b;
    private readonly TrustGraph _trust;

    public TrustAccessTests()
    {
        _network = Network(2, seed: 70, options: new GossipOptions { IsolatedAuthorEntries = 3 });
        (_author, _b) = (_network.Nodes[0], _network.Nodes[1]);
        _trust = new TrustGraph(_b.Did, _network.Clock);
        _b.Engine.UseTrust(_trust);
        _network.Connect(_author, _b);
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _network.Dispose();

    private void Trust(double score) =>
        _trust.SetDirect(Attestation.Sign(new TrustEdge(_b.Did, _author.Did, score, createdMs: _network.Clock.GetUtcNow().ToUnixTimeMilliseconds()), _b.Identity));

    private GossipEntry Push(string topic, int i)
    {
        var timestamp = _network.Clock.GetUtcNow().ToUnixTimeMilliseconds() + i;
        var payload = BitConverter.GetBytes(i);
        var id = GossipEntry.ComputeId(topic, _author.Did, timestamp, payload);
        var entry = new GossipEntry(id, topic, _author.Did, timestamp, payload, _author.Identity.Sign(GossipEntry.SigningBytes(id)));
        _author.Send(_b.Did, new Push(entry));
        _network.Clock.RunFor(TimeSpan.FromMilliseconds(200));
        return entry;
    }

    private long Rejected(string reason) => _b.Registry.Counter(GossipCatalogue.EntriesRejected, reason).Value;

    [Fact]
    public void A_stranger_holds_its_quota_of_a_topic_and_no_more_until_it_is_trusted()
    {
        var entries = Enumerable.Range(0, 5).Select(i => Push(Topic, i)).ToList();

        Assert.Equal(3, entries.Count(e => _b.Engine.Holds(Topic, e.Id)));
        Assert.Equal(2, Rejected("quota"));

        Trust(0.2); // known: no quota
        Assert.True(_b.Engine.Holds(Topic, Push(Topic, 10).Id));
    }

    [Fact]
    public void A_topic_owner_sets_its_own_cap_for_strangers_and_the_longest_prefix_wins()
    {
        _b.Engine.LimitIsolatedAuthors("coop:", int.MaxValue);
        _b.Engine.LimitIsolatedAuthors(Topic, 1);

        Push(Topic, 0);
        Push(Topic, 1);

        Assert.Equal(1, Rejected("quota"));
    }

    [Fact]
    public void A_partner_class_topic_refuses_a_known_authors_entries_and_keeps_a_partners()
    {
        var board = new TopicDefinition(Board, TopicAccess.Class, minClass: TrustClass.Partner);
        _b.Engine.CreateTopic(board);
        _author.Engine.CreateTopic(new TopicDefinition(Board));
        Trust(0.2);

        var known = Push(Board, 0);
        Assert.False(_b.Engine.Holds(Board, known.Id));
        Assert.Equal(1, Rejected("forbidden"));

        Trust(0.5);
        Assert.True(_b.Engine.Holds(Board, Push(Board, 1).Id));
        Assert.Equal("class:partner", board.AccessName);
        Assert.True(_b.Engine.Holds(Board, _b.Engine.Publish(Board, "its own"u8).Id)); // the node itself is of the top class
    }
}
