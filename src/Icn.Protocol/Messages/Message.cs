using Icn.Core.Canonical;

namespace Icn.Protocol.Messages;

/// <summary>The message types of protocol version 1; any other byte is refused.</summary>
public enum MessageType : byte
{
    Ping = 0x01,
    Pong = 0x02,
    Direct = 0x10,
    Announce = 0x20,
    Request = 0x21,
    Response = 0x22,
    Push = 0x23,
    Prune = 0x24,
    Subscribe = 0x25,
    Unsubscribe = 0x26,
    SubscribeAck = 0x27,
    Reconcile = 0x28,
    Neighbor = 0x29,
}

/// <summary>A message between two peers. The set is closed: every subtype is in this folder or Gossip/.</summary>
public abstract record Message
{
    public abstract MessageType Type { get; }

    internal abstract void WriteBody(ref CanonicalWriter writer);
}

/// <summary>Keep-alive probe; the receiver answers with a <see cref="Pong"/> carrying the same nonce.</summary>
public sealed record Ping(ulong Nonce) : Message
{
    public override MessageType Type => MessageType.Ping;

    internal override void WriteBody(ref CanonicalWriter writer) => writer.U64(Nonce);
}

/// <summary>
/// Answer to a <see cref="Ping"/>, with the answering node's wall clock (milliseconds since the Unix
/// epoch) so that the pinger can estimate how far apart the two clocks are.
/// </summary>
public sealed record Pong(ulong Nonce, long UnixMs) : Message
{
    public override MessageType Type => MessageType.Pong;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.U64(Nonce);
        writer.I64(UnixMs);
    }
}

/// <summary>
/// A payload for one peer on a named channel, for layers that need a point-to-point message.
/// Channel names are at most <see cref="MaxChannelBytes"/> bytes of UTF-8.
/// </summary>
public sealed record Direct(string Channel, byte[] Payload) : Message
{
    public const int MaxChannelBytes = 64;

    public override MessageType Type => MessageType.Direct;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Channel, MaxChannelBytes);
        writer.Bytes(Payload);
    }
}
