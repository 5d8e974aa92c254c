using Icn.Core.Canonical;

namespace Icn.Protocol.Messages.Gossip;

/// <summary>What a <see cref="Neighbor"/> message asks of its receiver.</summary>
public enum NeighborIntent : byte
{
    /// <summary>"You are no longer in my active view of this topic" (or "I will not take you into mine").</summary>
    Leave = 0,

    /// <summary>"I took you into my active view of this topic: take me into yours, if you have room."</summary>
    Join = 1,

    /// <summary>As <see cref="Join"/>, from a node whose active view is empty: taken even by a full view, which drops another peer.</summary>
    Urgent = 2,
}

/// <summary>
/// Keeps the active views of a topic symmetric, in the manner of HyParView: new entries are pushed and
/// announced only to the peers of a node's active view, so both ends of a link must agree it is in use.
/// </summary>
public sealed record Neighbor(string Topic, NeighborIntent Intent) : Message
{
    public override MessageType Type => MessageType.Neighbor;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Topic, GossipEntry.MaxTopicBytes);
        writer.U8((byte)Intent);
    }

    internal static Neighbor Read(ref CanonicalReader reader)
    {
        var topic = reader.String(GossipEntry.MaxTopicBytes);
        var intent = reader.U8();
        return intent <= (byte)NeighborIntent.Urgent
            ? new Neighbor(topic, (NeighborIntent)intent)
            : throw new DecodeException($"unknown neighbor intent {intent}");
    }
}
