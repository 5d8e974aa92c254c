using Icn.Core.Canonical;

namespace Icn.Protocol.Messages.Gossip;

/// <summary>"Send me the entries of these topics."</summary>
public sealed record Subscribe(IReadOnlyList<string> Topics) : Message
{
    public override MessageType Type => MessageType.Subscribe;

    internal override void WriteBody(ref CanonicalWriter writer) => GossipLimits.WriteTopics(ref writer, Topics);

    internal static Subscribe Read(ref CanonicalReader reader) => new(GossipLimits.ReadTopics(ref reader));
}

/// <summary>"Stop sending me the entries of these topics."</summary>
public sealed record Unsubscribe(IReadOnlyList<string> Topics) : Message
{
    public override MessageType Type => MessageType.Unsubscribe;

    internal override void WriteBody(ref CanonicalWriter writer) => GossipLimits.WriteTopics(ref writer, Topics);

    internal static Unsubscribe Read(ref CanonicalReader reader) => new(GossipLimits.ReadTopics(ref reader));
}

/// <summary>
/// The answer to a <see cref="Subscribe"/> (<see cref="Subscribed"/> true) or an <see cref="Unsubscribe"/>
/// (false): the topics the change took effect for, and those refused (unknown here, or closed to the
/// subscriber).
/// </summary>
public sealed record SubscribeAck(bool Subscribed, IReadOnlyList<string> Accepted, IReadOnlyList<string> Refused) : Message
{
    public override MessageType Type => MessageType.SubscribeAck;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.Bool(Subscribed);
        GossipLimits.WriteTopics(ref writer, Accepted);
        GossipLimits.WriteTopics(ref writer, Refused);
    }

    internal static SubscribeAck Read(ref CanonicalReader reader) =>
        new(reader.Bool(), GossipLimits.ReadTopics(ref reader), GossipLimits.ReadTopics(ref reader));
}
