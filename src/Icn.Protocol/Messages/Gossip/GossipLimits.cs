using Icn.Core.Canonical;
using Icn.Core.Hashing;

namespace Icn.Protocol.Messages.Gossip;

/// <summary>Bounds every list in a gossip message so that a decoder never allocates on a peer's say-so.</summary>
public static class GossipLimits
{
    /// <summary>Ids in one Announce or Request.</summary>
    public const int MaxIds = 4096;

    /// <summary>Entries in one Response.</summary>
    public const int MaxEntries = 4096;

    /// <summary>Topics in one Subscribe, Unsubscribe or SubscribeAck.</summary>
    public const int MaxTopics = 1024;

    /// <summary>Ranges in one Reconcile message.</summary>
    public const int MaxRanges = 4096;

    internal static void WriteIds(ref CanonicalWriter writer, IReadOnlyList<ContentHash> ids)
    {
        writer.VarU64((ulong)ids.Count);
        Span<byte> bytes = stackalloc byte[ContentHash.Length];
        foreach (var id in ids)
        {
            id.WriteTo(bytes);
            writer.Fixed(bytes);
        }
    }

    internal static ContentHash[] ReadIds(ref CanonicalReader reader, int max)
    {
        var ids = new ContentHash[reader.Count(max)];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = ContentHash.FromBytes(reader.Fixed(ContentHash.Length));
        }

        return ids;
    }

    internal static void WriteTopics(ref CanonicalWriter writer, IReadOnlyList<string> topics)
    {
        writer.VarU64((ulong)topics.Count);
        foreach (var topic in topics)
        {
            writer.String(topic, GossipEntry.MaxTopicBytes);
        }
    }

    internal static string[] ReadTopics(ref CanonicalReader reader)
    {
        var topics = new string[reader.Count(MaxTopics)];
        for (var i = 0; i < topics.Length; i++)
        {
            topics[i] = reader.String(GossipEntry.MaxTopicBytes);
        }

        return topics;
    }
}
