using Icn.Core.Hashing;
using Icn.Gossip.Entries;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Storage;

/// <summary>A topic as stored: its definition and whether this node subscribes to it.</summary>
public sealed record StoredTopic(TopicDefinition Definition, bool Subscribed);

/// <summary>
/// Where topics and entries live. The engine calls it under its own lock, one call at a time; a call
/// that adds returns only once the data is durable.
/// </summary>
public interface IEntryStore : IDisposable
{
    IReadOnlyList<StoredTopic> LoadTopics();

    void SaveTopic(StoredTopic topic);

    /// <summary>The keys of every entry stored for <paramref name="topic"/>, in any order.</summary>
    IReadOnlyList<EntryKey> LoadKeys(string topic);

    /// <summary>Stores entries whose ids were verified; ids already stored are ignored.</summary>
    void Add(IReadOnlyList<GossipEntry> entries);

    GossipEntry? Find(ContentHash id);

    void Remove(IReadOnlyList<ContentHash> ids);
}
