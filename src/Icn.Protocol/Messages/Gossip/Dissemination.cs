using Icn.Core.Canonical;
using Icn.Core.Hashing;
using Icn.Core.Identity;

namespace Icn.Protocol.Messages.Gossip;

/// <summary>"I have these entries of this topic." The receiver requests the ones it lacks.</summary>
public sealed record Announce(string Topic, IReadOnlyList<ContentHash> Ids) : Message
{
    public override MessageType Type => MessageType.Announce;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Topic, GossipEntry.MaxTopicBytes);
        GossipLimits.WriteIds(ref writer, Ids);
    }

    internal static Announce Read(ref CanonicalReader reader) =>
        new(reader.String(GossipEntry.MaxTopicBytes), GossipLimits.ReadIds(ref reader, GossipLimits.MaxIds));
}

/// <summary>
/// "Send me these entries." Answered by a <see cref="Response"/> to the requester only. With
/// <see cref="Graft"/> the requester also asks to receive new entries of the same authors eagerly from now on.
/// </summary>
public sealed record Request(string Topic, IReadOnlyList<ContentHash> Ids, bool Graft) : Message
{
    public override MessageType Type => MessageType.Request;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Topic, GossipEntry.MaxTopicBytes);
        GossipLimits.WriteIds(ref writer, Ids);
        writer.Bool(Graft);
    }

    internal static Request Read(ref CanonicalReader reader) =>
        new(reader.String(GossipEntry.MaxTopicBytes), GossipLimits.ReadIds(ref reader, GossipLimits.MaxIds), reader.Bool());
}

/// <summary>The requested entries that the responder holds.</summary>
public sealed record Response(IReadOnlyList<GossipEntry> Entries) : Message
{
    public override MessageType Type => MessageType.Response;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.VarU64((ulong)Entries.Count);
        foreach (var entry in Entries)
        {
            entry.Write(ref writer);
        }
    }

    internal static Response Read(ref CanonicalReader reader, int maxPayloadBytes)
    {
        var entries = new GossipEntry[reader.Count(GossipLimits.MaxEntries)];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = GossipEntry.Read(ref reader, maxPayloadBytes);
        }

        return new Response(entries);
    }
}

/// <summary>A new entry sent eagerly along the topic's broadcast tree, without being asked.</summary>
public sealed record Push(GossipEntry Entry) : Message
{
    public override MessageType Type => MessageType.Push;

    internal override void WriteBody(ref CanonicalWriter writer) => Entry.Write(ref writer);

    internal static Push Read(ref CanonicalReader reader, int maxPayloadBytes) => new(GossipEntry.Read(ref reader, maxPayloadBytes));
}

/// <summary>"Your pushes of this author's entries in this topic reach me another way: announce them to me instead."</summary>
public sealed record Prune(string Topic, Did Author) : Message
{
    public override MessageType Type => MessageType.Prune;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Topic, GossipEntry.MaxTopicBytes);
        writer.Fixed(Author.PublicKey);
    }

    internal static Prune Read(ref CanonicalReader reader) =>
        new(reader.String(GossipEntry.MaxTopicBytes), Did.FromPublicKey(reader.Fixed(Did.PublicKeyLength)));
}
