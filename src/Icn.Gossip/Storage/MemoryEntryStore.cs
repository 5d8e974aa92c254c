using Icn.Core.Hashing;
using Icn.Gossip.Entries;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Storage;

/// <summary>
/// A store in memory, for simulations of many nodes. It outlives the engines that use it, so a
/// simulated restart finds what was stored before.
/// </summary>
public sealed class MemoryEntryStore : IEntryStore
{
    private readonly Dictionary<string, StoredTopic> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, GossipEntry> _entries = [];

    public int Count => _entries.Count;

    public IReadOnlyList<StoredTopic> LoadTopics() => [.. _topics.Values];

    public void SaveTopic(StoredTopic topic) => _topics[topic.Definition.Name] = topic;

    public IReadOnlyList<StoredEntry> LoadEntries(string topic, EntryKey? after, int limit) =>
        [.. _entries.Values.Where(e => e.Topic == topic && (after is not { } a || EntryKey.Of(e).CompareTo(a) > 0))
            .OrderBy(EntryKey.Of).Take(limit).Select(e => new StoredEntry(EntryKey.Of(e), e, null))];

    public int RemoveUnreadable() => 0;

    public void Add(IReadOnlyList<GossipEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries.TryAdd(entry.Id, entry);
        }
    }

    public GossipEntry? Find(ContentHash id) => _entries.GetValueOrDefault(id);

    public void Remove(IReadOnlyList<ContentHash> ids)
    {
        foreach (var id in ids)
        {
            _entries.Remove(id);
        }
    }

    public void Dispose()
    {
    }
}
