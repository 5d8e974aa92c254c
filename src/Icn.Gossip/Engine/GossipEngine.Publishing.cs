using Icn.Gossip.Entries;
using Icn.Observability.Tracing;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>
    /// Signs and stores a new entry by this node, then pushes or announces it to the topic's
    /// subscribers. The entry is durable when this returns.
    /// </summary>
    public GossipEntry Publish(string topic, ReadOnlySpan<byte> payload) => Publish(topic, payload, timestampMs: null);

    /// <summary>
    /// Publishes with a timestamp the caller chose (a ledger record's own), so that the entry id follows
    /// from the content alone: publishing the same payload again is then a no-op, which lets a host
    /// republish at start whatever a crash kept from reaching gossip.
    /// </summary>
    public GossipEntry Publish(string topic, ReadOnlySpan<byte> payload, long? timestampMs)
    {
        if (payload.Length > _options.MaxPayloadBytes)
        {
            throw new GossipException($"payload of {payload.Length} bytes exceeds the limit of {_options.MaxPayloadBytes}");
        }

        using var span = NodeTracing.Start(NodeTracing.Publish, Self.ToString())?.SetTag("icn.topic", topic);
        lock (_gate)
        {
            var state = Require(topic);
            if (!state.Definition.Admits(Self, ClassOf))
            {
                throw new GossipException($"topic '{topic}' is open to its participants only, and this node ({Self}) is not one");
            }

            var bytes = payload.ToArray();
            if (!PassesValidators(topic, bytes))
            {
                throw new GossipException($"topic '{topic}' refuses this payload: its validator does not accept it");
            }

            var timestamp = timestampMs ?? NowMs;
            var id = GossipEntry.ComputeId(topic, Self, timestamp, payload);
            if (state.Keys.Contains(id))
            {
                return _store.Find(id) ?? throw new InvalidOperationException($"entry {id} is indexed but not stored");
            }

            var entry = new GossipEntry(id, topic, Self, timestamp, bytes, _identity.Sign(GossipEntry.SigningBytes(id)));
            span?.SetTag("icn.entry", id.ToString());
            _store.Add([entry]);
            _metrics.EntriesPublished.Increment();
            Stored(state, entry, from: null);
            return entry;
        }
    }

    /// <summary>Indexes a durably stored entry, spreads it, trims the topic and tells consumers.</summary>
    private void Stored(Topics.TopicState state, GossipEntry entry, Core.Identity.Did? from)
    {
        state.Keys.Add(EntryKey.Of(entry), entry.Author);
        _entryCount++;
        state.Series.Entries.Add(1);
        if (_missing.Remove(entry.Id, out var missing))
        {
            missing.Timer?.Dispose();
        }

        Disseminate(state, entry, from);
        Trim(state);
        _metrics.EntriesTotal.Set(_entryCount);
        EntryStored?.Invoke(entry);
    }

    private void Trim(Topics.TopicState state)
    {
        var cutoff = NowMs - (long)state.Definition.Retention.TotalMilliseconds;
        // Both checks are O(1); only an actual trim sorts the keys. A full topic is trimmed once it passes its
        // limit by 1%, back to the limit, so that under a flood a trim's cost is shared by a hundredth of the arrivals.
        var overfull = state.Keys.Count > state.Definition.MaxEntries + state.Definition.MaxEntries / 100;
        var expired = state.Keys.OldestTimestamp < cutoff;
        if (!overfull && !expired)
        {
            return;
        }

        var removed = state.Keys.Trim(state.Definition.MaxEntries, cutoff);
        if (removed.Count > 0)
        {
            _store.Remove(removed);
            _entryCount -= removed.Count;
            state.Series.Entries.Add(-removed.Count);
            _metrics.EntriesTotal.Set(_entryCount);
        }
    }
}
