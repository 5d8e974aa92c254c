using Icn.Core.Canonical;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Protocol.Tests;

public class GossipMessageTests
{
    private static readonly Did s_author = Did.FromPublicKey(Enumerable.Repeat((byte)7, 32).ToArray());
    private static readonly ContentHash s_id = ContentHash.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Entry_id_is_sha256_of_canonical_topic_author_timestamp_and_payload()
    {
        // Golden vector of docs/protocol.md.
        var id = GossipEntry.ComputeId("t", s_author, 1, [1, 2, 3]);

        Assert.Equal("cc7e7d8b14d7f3b2f7b65a214d7d7a01419587189f6b975cf11f67c1f542c0aa", id.ToString());
    }

    [Fact]
    public void Equal_payloads_in_different_topics_or_by_different_authors_have_different_ids()
    {
        var other = Did.FromPublicKey(Enumerable.Repeat((byte)8, 32).ToArray());

        Assert.NotEqual(GossipEntry.ComputeId("a", s_author, 1, [1]), GossipEntry.ComputeId("b", s_author, 1, [1]));
        Assert.NotEqual(GossipEntry.ComputeId("a", s_author, 1, [1]), GossipEntry.ComputeId("a", other, 1, [1]));
        Assert.NotEqual(GossipEntry.ComputeId("a", s_author, 1, [1]), GossipEntry.ComputeId("a", s_author, 2, [1]));
    }

    [Fact]
    public void Announce_golden_vector()
    {
        var bytes = new Envelope(new Announce("t", [s_id])).ToBytes();

        Assert.Equal("0120000000000174" + "01" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", Convert.ToHexStringLower(bytes));
    }

    public static TheoryData<string> Messages() => [.. s_messages.Keys];

    private static readonly Dictionary<string, Message> s_messages = new()
    {
        ["announce"] = new Announce("coop:news", [s_id, s_id]),
        ["request"] = new Request("coop:news", [s_id], Graft: true),
        ["response"] = new Response([Entry(), Entry() with { Payload = [] }]),
        ["push"] = new Push(Entry()),
        ["prune"] = new Prune("coop:news", s_author),
        ["neighbor"] = new Neighbor("coop:news", NeighborIntent.Urgent),
        ["subscribe"] = new Subscribe(["a", "b"]),
        ["unsubscribe"] = new Unsubscribe(["a"]),
        ["ack"] = new SubscribeAck(true, ["a"], ["unknown"]),
        ["reconcile"] = new Reconcile("coop:news", 3,
        [
            ReconcileRange.Skip(new RangeBound(1000, new byte[] { 1 })),
            ReconcileRange.Of(new RangeBound(1500, ReadOnlyMemory<byte>.Empty), new RangeFingerprint(1, 2), 17),
            ReconcileRange.IdList(new RangeBound(1500, new byte[] { 9, 9 }), [s_id]),
            ReconcileRange.Have(RangeBound.Infinity, [s_id]),
        ]),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_gossip_message_decodes_to_what_was_encoded(string name)
    {
        var bytes = new Envelope(s_messages[name]).ToBytes();

        var decoded = Envelope.Decode(bytes, Frames.DefaultMaxPayload);

        Assert.Equal(s_messages[name].Type, decoded.Message.Type);
        Assert.Equal(Convert.ToHexStringLower(bytes), Convert.ToHexStringLower(decoded.ToBytes()));
    }

    [Theory]
    [InlineData("0126008200", "varint is not in its shortest form")] // Unsubscribe, count 2 written as 0x82 0x00
    [InlineData("01260005", "cannot fit")]                           // Unsubscribe claiming 5 topics in no bytes
    [InlineData("01250081808080808080808002", "exceeds 64 bits")]
    [InlineData("0129000000000174" + "03", "unknown neighbor intent 3")]
    [InlineData("01280000000001740001" + "0100" + "07", "unknown range mode 7")]
    [InlineData("01280000000001740001" + "0121", "id prefix of 33 bytes")]
    public void Malformed_gossip_messages_are_refused_with_a_reason(string hex, string reason)
    {
        var error = Assert.Throws<DecodeException>(() => Envelope.Decode(Convert.FromHexString(hex), Frames.DefaultMaxPayload));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_after_a_gossip_type_decode_or_fail_with_a_decode_error_only()
    {
        var random = new Random(4321);
        var types = Enum.GetValues<MessageType>().Where(t => (byte)t >= 0x20).ToArray();
        for (var i = 0; i < 50_000; i++)
        {
            var bytes = new byte[random.Next(3, 96)];
            random.NextBytes(bytes);
            bytes[0] = Envelope.Version;
            bytes[1] = (byte)types[random.Next(types.Length)];
            bytes[2] = 0;
            try
            {
                Envelope.Decode(bytes, 1024);
            }
            catch (DecodeException)
            {
            }
        }
    }

    private static GossipEntry Entry() => new(s_id, "coop:news", s_author, 1_700_000_000_000, [1, 2, 3], new byte[64]);
}
