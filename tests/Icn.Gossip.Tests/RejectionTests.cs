using Icn.Gossip.Topics;
using Icn.Identity.Keys;
using Icn.Protocol.Messages.Gossip;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

/// <summary>
/// A hostile peer sends bad entries to B, which is linked to C: nothing bad is stored or forwarded,
/// and each refusal is counted by its reason.
/// </summary>
public sealed class RejectionTests : IDisposable
{
    private const string Board = "coop:board";
    private readonly SimulatedNetwork _network;
    private readonly SimulatedNode _hostile;
    private readonly SimulatedNode _b;
    private readonly SimulatedNode _c;

    public RejectionTests()
    {
        _network = Network(3, seed: 60, options: new GossipOptions { MaxPayloadBytes = 1024 });
        (_hostile, _b, _c) = (_network.Nodes[0], _network.Nodes[1], _network.Nodes[2]);
        var board = new TopicDefinition(Board, TopicAccess.Participants, [_b.Did, _c.Did]);
        _b.Engine.CreateTopic(board);
        _c.Engine.CreateTopic(board);
        _network.Connect(_hostile, _b);
        _network.Connect(_b, _c);
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _network.Dispose();

    [Fact]
    public void Forged_signature_is_refused_as_bad_signature()
    {
        var entry = Signed(_hostile.Identity, Topic, "hello"u8.ToArray()) with { Signature = new byte[64] };

        Deliver(entry);

        AssertRefused(entry, "bad_signature");
    }

    [Fact]
    public void A_payload_the_topics_validator_refuses_is_neither_stored_nor_forwarded_nor_published()
    {
        _b.Engine.AddValidator("coop:", payload => payload.AsSpan().StartsWith("ok"u8));
        var entry = Signed(_hostile.Identity, Topic, "garbage"u8.ToArray());

        Deliver(entry);

        AssertRefused(entry, "invalid");
        Assert.Contains("validator", Assert.Throws<Engine.GossipException>(() => _b.Engine.Publish(Topic, "garbage"u8)).Message, StringComparison.Ordinal);
        Assert.True(_b.Engine.Holds(Topic, _b.Engine.Publish(Topic, "ok then"u8).Id));
    }

    [Fact]
    public void Tampered_payload_is_refused_as_bad_id()
    {
        var entry = Signed(_hostile.Identity, Topic, "pay 10"u8.ToArray()) with { Payload = "pay 99"u8.ToArray() };

        Deliver(entry);

        AssertRefused(entry, "bad_id");
    }

    [Fact]
    public void Entry_from_an_outsider_to_a_participants_topic_is_refused_as_forbidden()
    {
        var entry = Signed(_hostile.Identity, Board, "let me in"u8.ToArray());

        Deliver(entry);

        AssertRefused(entry, "forbidden");
    }

    [Fact]
    public void Oversize_payload_is_refused_as_oversize()
    {
        var entry = Signed(_hostile.Identity, Topic, new byte[1025]);

        Deliver(entry);

        AssertRefused(entry, "oversize");
    }

    [Fact]
    public void Entry_for_a_topic_not_held_here_is_refused_as_unknown_topic()
    {
        var entry = Signed(_hostile.Identity, "somewhere:else", "x"u8.ToArray());

        Deliver(entry);

        AssertRefused(entry, "unknown_topic");
    }

    [Fact]
    public void Entry_dated_far_in_the_future_is_refused_as_timestamp()
    {
        var entry = Signed(_hostile.Identity, Topic, "from the future"u8.ToArray(), TimeSpan.FromHours(1));

        Deliver(entry);

        AssertRefused(entry, "timestamp");
    }

    [Fact]
    public void A_response_nobody_asked_for_is_refused_as_unsolicited_and_the_entry_is_still_taken_when_pushed()
    {
        // Entries in unasked Responses would come 500 to a message, dodging the rate limit that counts messages.
        var entry = Signed(_hostile.Identity, Topic, "unasked"u8.ToArray());

        _hostile.Send(_b.Did, new Response([entry]));
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));

        AssertRefused(entry, "unsolicited");
        Deliver(entry); // not remembered as refused: the entry itself was never found wanting
        Assert.True(_b.Engine.Holds(Topic, entry.Id));
    }

    [Fact]
    public void A_peer_past_the_misbehaviour_limit_is_banned_and_one_below_it_is_not()
    {
        for (var i = 0; i < _b.Options.MisbehaviourLimit; i++)
        {
            _hostile.Send(_b.Did, new Push(Signed(_hostile.Identity, Topic, BitConverter.GetBytes(i)) with { Signature = new byte[64] }));
        }

        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        Assert.Empty(_b.Banned);
        Assert.Equal(_b.Options.MisbehaviourLimit, _b.Engine.MisbehaviourScore(_hostile.Did)); // as network.peers shows it
        Assert.Equal(0, _b.Engine.MisbehaviourScore(_b.Did));

        Deliver(Signed(_hostile.Identity, Topic, "one more"u8.ToArray()) with { Signature = new byte[64] });

        Assert.Equal([_hostile.Did], _b.Banned);
        var honest = Signed(_hostile.Identity, Topic, "after the ban"u8.ToArray());
        Deliver(honest);
        Assert.False(_b.Engine.Holds(Topic, honest.Id)); // the link was cut
    }

    [Fact]
    public void The_misbehaviour_score_counts_faults_in_the_current_window_and_falls_to_0_after_it()
    {
        for (var i = 0; i < 3; i++)
        {
            _hostile.Send(_b.Did, new Push(Signed(_hostile.Identity, Topic, BitConverter.GetBytes(i)) with { Signature = new byte[64] }));
        }

        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(3, _b.Engine.MisbehaviourScore(_hostile.Did));

        _network.Clock.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _b.Engine.MisbehaviourScore(_hostile.Did));
    }

    [Fact]
    public void Requests_for_a_forbidden_topic_or_for_nothing_held_are_counted_faults_that_end_in_a_ban()
    {
        var held = _b.Engine.Publish(Topic, "held"u8);
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        _hostile.Send(_b.Did, new Request(Topic, [held.Id, Icn.Core.Hashing.ContentHash.Hash("not held"u8)], Graft: false));
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var badRequests = _b.Registry.Counter(Icn.Gossip.GossipCatalogue.BadRequests);
        Assert.Equal(0, badRequests.Value); // one held entry among the ids: an honest request

        var limit = (int)_b.Registry.Gauge(Icn.Gossip.GossipCatalogue.MisbehaviourLimit).Value;
        Assert.Equal(_b.Options.MisbehaviourLimit, limit);
        for (var i = 0; i < limit; i++)
        {
            _hostile.Send(_b.Did, i % 2 == 0
                ? new Request(Board, [held.Id], Graft: false)
                : new Request(Topic, [Icn.Core.Hashing.ContentHash.Hash(BitConverter.GetBytes(i))], Graft: true));
        }

        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(limit, badRequests.Value);
        Assert.Empty(_b.Banned);

        _hostile.Send(_b.Did, new Request(Board, [held.Id], Graft: false));
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal([_hostile.Did], _b.Banned);
    }

    [Fact]
    public void Each_topics_entry_limit_is_exported_summed_for_the_topics_without_a_series_of_their_own()
    {
        _b.Engine.CreateTopic(new TopicDefinition("coop:small", maxEntries: 250));

        var other = _b.Registry.Gauge(Icn.Gossip.GossipCatalogue.TopicEntriesLimit, Icn.Gossip.GossipCatalogue.OtherTopic);
        Assert.Equal(_b.Engine.Topics().Sum(t => (double)t.Definition.MaxEntries), other.Value);
        Assert.Equal((2 * TopicDefinition.DefaultMaxEntries) + 250, other.Value);
    }

    [Fact]
    public void A_valid_entry_from_the_same_peer_is_stored_and_forwarded()
    {
        var entry = Signed(_hostile.Identity, Topic, "honest"u8.ToArray());

        Deliver(entry);

        Assert.True(_b.Engine.Holds(Topic, entry.Id));
        Assert.True(_c.Engine.Holds(Topic, entry.Id));
        Assert.Equal(0, RejectedTotal());
    }

    [Fact]
    public void Participants_topic_refuses_an_outsiders_subscription_and_serves_members()
    {
        _hostile.Engine.CreateTopic(new TopicDefinition(Board, TopicAccess.Participants, [_b.Did, _c.Did]));
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var entry = _b.Engine.Publish(Board, "minutes"u8);
        _network.Clock.RunFor(TimeSpan.FromSeconds(15));

        Assert.True(_c.Engine.Holds(Board, entry.Id));
        Assert.False(_hostile.Engine.Holds(Board, entry.Id));
        Assert.Equal(0, _b.Engine.Topics().Single(t => t.Definition.Name == Board).PeerSubscribers - 1);
    }

    [Fact]
    public void A_refused_entry_is_remembered_not_fetched_again_every_anti_entropy_round()
    {
        using var network = new SimulatedNetwork(61, _ => TimeSpan.FromMilliseconds(5));
        var (holder, strict) = (network.AddNode(), network.AddNode(new GossipOptions { MaxPayloadBytes = 16 }));
        holder.Engine.CreateTopic(new TopicDefinition(Board));
        strict.Engine.CreateTopic(new TopicDefinition(Board));
        network.Connect(holder, strict);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        holder.Engine.Publish(Board, new byte[100]); // fine where it was published, oversize for the strict node

        network.Clock.RunFor(TimeSpan.FromMinutes(1)); // about five anti-entropy rounds

        var oversize = strict.Registry.Counter(Icn.Gossip.GossipCatalogue.EntriesRejected, "oversize");
        Assert.Equal(1, oversize.Value);
        Assert.Equal(0, strict.Metrics.RequestsSent.Value);
        Assert.Equal(1, strict.Registry.Gauge(Icn.Gossip.GossipCatalogue.RefusedIds).Value);
        Assert.Equal(10_000, strict.Registry.Gauge(Icn.Gossip.GossipCatalogue.RefusedIdsLimit).Value);

        network.Clock.RunFor(TimeSpan.FromHours(1)); // forgotten after an hour, fetched and refused once more
        Assert.Equal(2, oversize.Value);
    }

    private void Deliver(GossipEntry entry)
    {
        _hostile.Send(_b.Did, new Push(entry));
        _network.Clock.RunFor(TimeSpan.FromSeconds(1));
    }

    private void AssertRefused(GossipEntry entry, string reason)
    {
        Assert.False(_b.Engine.Holds(entry.Topic, entry.Id));
        Assert.Empty(_c.Copies);
        Assert.Equal(1, _b.Registry.Counter(Icn.Gossip.GossipCatalogue.EntriesRejected, reason).Value);
        Assert.Equal(1, RejectedTotal());
        Assert.Equal(0, _b.Metrics.EntriesReceived.Value);
    }

    private long RejectedTotal() =>
        Observability.Catalogue.EnumLabels<Icn.Gossip.Entries.RejectReason>.Values.Sum(r => _b.Registry.Counter(Icn.Gossip.GossipCatalogue.EntriesRejected, r).Value);

    private GossipEntry Signed(IdentityKeyPair author, string topic, byte[] payload, TimeSpan ahead = default)
    {
        var timestamp = (_network.Clock.GetUtcNow() + ahead).ToUnixTimeMilliseconds();
        var id = GossipEntry.ComputeId(topic, author.Did, timestamp, payload);
        return new GossipEntry(id, topic, author.Did, timestamp, payload, author.Sign(GossipEntry.SigningBytes(id)));
    }
}
