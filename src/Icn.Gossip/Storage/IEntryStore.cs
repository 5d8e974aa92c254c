using Icn.Core.Hashing;
using Icn.Gossip.Entries;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Storage;

/// <summary>A topic as stored: its definition and whether this node subscribes to it.</summary>
public sealed record StoredTopic(TopicDefinition Definition, bool Subscribed);

/// <summary>
/// A stored entry as read back for verification: the entry, or why its row could not even be read as one
/// (the engine then verifies its id and signature).
/// </summary>
public sealed record StoredEntry(EntryKey Key, GossipEntry? Entry, string? Problem);

/// <summary>
/// Where topics and entries live. The engine calls it under its own lock, one call at a time; a call
/// that adds returns only once the data is durable.
/// </summary>
public interface IEntryStore : IDisposable
{
    IReadOnlyList<StoredTopic> LoadTopics();

    void SaveTopic(StoredTopic topic);

    /// <summary>
    /// Up to <paramref name="limit"/> entries of <paramref name="topic"/> in key order, from just after
    /// <paramref name="after"/> (null: from the first): pages, so that loading never holds a whole topic's payloads.
    /// </summary>
    IReadOnlyList<StoredEntry> LoadEntries(string topic, EntryKey? after, int limit);

    /// <summary>Deletes rows that cannot name an entry at all (an id that is not 32 bytes) and says how many there were.</summary>
    int RemoveUnreadable();

    /// <summary>Stores entries whose ids were verified; ids already stored are ignored.</summary>
    void Add(IReadOnlyList<GossipEntry> entries);

    GossipEntry? Find(ContentHash id);

    void Remove(IReadOnlyList<ContentHash> ids);
}
