using System.Buffers;
using Icn.Core.Canonical;
using Icn.Core.Hashing;
using Icn.Core.Identity;

namespace Icn.Protocol.Messages.Gossip;

/// <summary>
/// A signed gossip entry as it travels. <see cref="Id"/> is the id the sender claims; the true id is
/// <see cref="ComputeId()"/>, SHA-256 over the canonical encoding of topic, author, timestamp and
/// payload, and the author's Ed25519 signature covers <see cref="SigningBytes"/> of that id.
/// Receivers compare the two and verify the signature before storing anything.
/// </summary>
public sealed record GossipEntry(ContentHash Id, string Topic, Did Author, long TimestampMs, byte[] Payload, byte[] Signature)
{
    /// <summary>Topic names are at most this many bytes of UTF-8.</summary>
    public const int MaxTopicBytes = 128;

    public const int SignatureLength = 64;

    private static ReadOnlySpan<byte> SigningPrefix => "icn-gossip-entry-v1:"u8;

    /// <summary>SHA-256 over the canonical topic, author key, timestamp and payload.</summary>
    public static ContentHash ComputeId(string topic, Did author, long timestampMs, ReadOnlySpan<byte> payload)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + payload.Length);
        var writer = new CanonicalWriter(buffer);
        writer.String(topic, MaxTopicBytes);
        writer.Fixed(author.PublicKey);
        writer.I64(timestampMs);
        writer.Bytes(payload);
        return ContentHash.Hash(buffer.WrittenSpan);
    }

    /// <summary>The bytes the author signs: a domain prefix, then the id.</summary>
    public static byte[] SigningBytes(ContentHash id)
    {
        var bytes = new byte[SigningPrefix.Length + ContentHash.Length];
        SigningPrefix.CopyTo(bytes);
        id.WriteTo(bytes.AsSpan(SigningPrefix.Length));
        return bytes;
    }

    /// <summary>The id computed from the content, whatever <see cref="Id"/> claims.</summary>
    public ContentHash ComputeId() => ComputeId(Topic, Author, TimestampMs, Payload);

    internal void Write(ref CanonicalWriter writer)
    {
        Span<byte> id = stackalloc byte[ContentHash.Length];
        Id.WriteTo(id);
        writer.Fixed(id);
        writer.String(Topic, MaxTopicBytes);
        writer.Fixed(Author.PublicKey);
        writer.I64(TimestampMs);
        writer.Bytes(Payload);
        writer.Fixed(Signature);
    }

    internal static GossipEntry Read(ref CanonicalReader reader, int maxPayloadBytes)
    {
        var id = ContentHash.FromBytes(reader.Fixed(ContentHash.Length));
        var topic = reader.String(MaxTopicBytes);
        var author = Did.FromPublicKey(reader.Fixed(Did.PublicKeyLength));
        var timestamp = reader.I64();
        var payload = reader.Bytes(maxPayloadBytes).ToArray();
        var signature = reader.Fixed(SignatureLength).ToArray();
        return new GossipEntry(id, topic, author, timestamp, payload, signature);
    }
}
