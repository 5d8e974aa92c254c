using Icn.Core.Hashing;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Entries;

/// <summary>Where an entry sits in its topic's order: by author timestamp, then by id.</summary>
public readonly record struct EntryKey(long TimestampMs, ContentHash Id) : IComparable<EntryKey>
{
    public int CompareTo(EntryKey other)
    {
        var c = TimestampMs.CompareTo(other.TimestampMs);
        return c != 0 ? c : Id.CompareTo(other.Id);
    }

    public static EntryKey Of(GossipEntry entry) => new(entry.TimestampMs, entry.Id);
}
