using Icn.Core.Canonical;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;

namespace Icn.Protocol.Tests;

public class EnvelopeTests
{
    // The golden vectors of docs/protocol.md: if one changes, the wire format changed.
    public static TheoryData<string, string> GoldenVectors() => new()
    {
        { "ping", "010100000000000000002a" },
        { "pong", "01020000000000000000ff0000018bcfe56800" },
        { "direct", "011000000000047465737400000003010203" },
        { "traced ping", "010101000000020a0b0000000000000007" },
    };

    [Theory]
    [MemberData(nameof(GoldenVectors))]
    public void Golden_vectors_encode_and_decode_exactly(string name, string hex)
    {
        var envelope = name switch
        {
            "ping" => new Envelope(new Ping(42)),
            "pong" => new Envelope(new Pong(255, 1_700_000_000_000)),
            "direct" => new Envelope(new Direct("test", [1, 2, 3])),
            _ => new Envelope(new Ping(7), [0x0a, 0x0b]),
        };

        Assert.Equal(hex, Convert.ToHexStringLower(envelope.ToBytes()));
        var decoded = Envelope.Decode(Convert.FromHexString(hex), Frames.DefaultMaxPayload);
        Assert.Equal(Convert.ToHexStringLower(envelope.ToBytes()), Convert.ToHexStringLower(decoded.ToBytes()));
    }

    [Theory]
    [InlineData("020100000000000000002a", "protocol version 2")]
    [InlineData("01ee00", "unknown message type 0xee")]
    [InlineData("010102", "unknown envelope flags")]
    [InlineData("0101000000", "needs 8 more bytes")]
    [InlineData("010100000000000000002aff", "trailing")]
    [InlineData("0110000000000274ff00000000", "UTF-8")]
    [InlineData("011000000000ff", "exceeds its limit of 64")]
    [InlineData("0110000000004174657374", "exceeds its limit")]
    public void Malformed_envelopes_are_refused_with_a_reason(string hex, string reason)
    {
        var error = Assert.Throws<DecodeException>(() => Envelope.Decode(Convert.FromHexString(hex), Frames.DefaultMaxPayload));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_never_decode_into_anything_but_a_message_or_a_decode_error()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length > 2)
            {
                bytes[0] = Envelope.Version; // make it past the version check often
                bytes[1] = (byte)random.Next(0, 0x12);
                bytes[2] = (byte)random.Next(0, 2);
            }

            try
            {
                var envelope = Envelope.Decode(bytes, 1024);
                Assert.Equal(bytes, envelope.ToBytes()); // anything accepted is canonical
            }
            catch (DecodeException)
            {
            }
        }
    }
}
