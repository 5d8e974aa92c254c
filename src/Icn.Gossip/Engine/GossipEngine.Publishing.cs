using System.Diagnostics;
using Icn.Gossip.Entries;
using Icn.Gossip.Topics;
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
        using var span = NodeTracing.Start(NodeTracing.Publish, Self.ToString())?.SetTag("icn.topic", topic);
        var entry = Sign(topic, payload, timestampMs);
        span?.SetTag("icn.entry", entry.Id.ToString());
        lock (_gate)
        {
            var state = Admit(entry);
            if (state.Keys.Contains(entry.Id))
            {
                return _store.Find(entry.Id) ?? throw new InvalidOperationException($"entry {entry.Id} is indexed but not stored");
            }

            _store.Add([entry]);
            Published(state, entry);
            return entry;
        }
    }

    /// <summary>
    /// Publishes as <see cref="Publish(string, ReadOnlySpan{byte})"/> does, committed in one transaction with the
    /// publishes made concurrently (group commit): signed on the caller's thread, durable when the task completes.
    /// </summary>
    public Task<GossipEntry> PublishAsync(string topic, ReadOnlyMemory<byte> payload)
    {
        var span = NodeTracing.Start(NodeTracing.Publish, Self.ToString())?.SetTag("icn.topic", topic);
        try
        {
            var entry = Sign(topic, payload.Span, timestampMs: null);
            span?.SetTag("icn.entry", entry.Id.ToString());
            var pending = new PendingPublish(entry, span);
            if (_publishes.Enqueue(pending))
            {
                _ = Task.Run(CommitPublishes);
            }

            return Finish(pending);
        }
        catch
        {
            span?.Dispose();
            throw;
        }

        static async Task<GossipEntry> Finish(PendingPublish pending)
        {
            using (pending.Span)
            {
                return await pending.Done.Task;
            }
        }
    }

    /// <summary>The committer: takes every publish queued, commits those the topics admit in one transaction, until none wait.</summary>
    private void CommitPublishes()
    {
        while (_publishes.Take() is { } group)
        {
            try
            {
                lock (_gate)
                {
                    CommitGroup(group);
                }
            }
            catch (Exception e)
            {
                // The committer must go on (or every later publish would wait forever); this group's callers get the fault.
                group.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    private void CommitGroup(List<PendingPublish> group)
    {
        var admitted = new List<(PendingPublish Pending, TopicState State)>();
        foreach (var pending in group)
        {
            try
            {
                admitted.Add((pending, _disposed ? throw new ObjectDisposedException(nameof(GossipEngine)) : Admit(pending.Entry)));
            }
            catch (Exception e) when (e is GossipException or ObjectDisposedException)
            {
                pending.Done.SetException(e);
            }
        }

        try
        {
            _store.Add([.. admitted.Where(a => !a.State.Keys.Contains(a.Pending.Entry.Id)).Select(a => a.Pending.Entry).DistinctBy(e => e.Id)]);
        }
        catch (Exception e)
        {
            admitted.ForEach(a => a.Pending.Done.TrySetException(e));
            return;
        }

        foreach (var (pending, state) in admitted)
        {
            if (!state.Keys.Contains(pending.Entry.Id))
            {
                var previous = Activity.Current;
                Activity.Current = pending.Span; // sends are traced under the publisher's span
                Published(state, pending.Entry);
                Activity.Current = previous;
            }

            pending.Done.TrySetResult(pending.Entry);
        }
    }

    /// <summary>The stateless, costly part of publishing, outside the engine's lock: the size check, the id and the signature.</summary>
    private GossipEntry Sign(string topic, ReadOnlySpan<byte> payload, long? timestampMs)
    {
        if (payload.Length > _options.MaxPayloadBytes)
        {
            throw new GossipException($"payload of {payload.Length} bytes exceeds the limit of {_options.MaxPayloadBytes}");
        }

        var timestamp = timestampMs ?? NowMs;
        var id = GossipEntry.ComputeId(topic, Self, timestamp, payload);
        return new GossipEntry(id, topic, Self, timestamp, payload.ToArray(), _identity.Sign(GossipEntry.SigningBytes(id)));
    }

    /// <summary>The topic an entry of this node's goes to, if it exists, admits this node, and its validator takes the payload.</summary>
    private TopicState Admit(GossipEntry entry)
    {
        var state = Require(entry.Topic);
        if (!state.Definition.Admits(Self, ClassOf))
        {
            throw new GossipException($"topic '{entry.Topic}' is open to its participants only, and this node ({Self}) is not one");
        }

        return PassesValidators(entry.Topic, entry.Payload) ? state
            : throw new GossipException($"topic '{entry.Topic}' refuses this payload: its validator does not accept it");
    }

    private void Published(TopicState state, GossipEntry entry)
    {
        _metrics.EntriesPublished.Increment();
        Stored(state, entry, from: null);
    }

    /// <summary>Indexes a durably stored entry, spreads it, trims the topic and tells consumers.</summary>
    private void Stored(TopicState state, GossipEntry entry, Core.Identity.Did? from)
    {
        state.Keys.Add(EntryKey.Of(entry), entry.Author);
        _entryCount++;
        state.Series.Entries.Add(1);
        _missing.Remove(entry.Id);

        Disseminate(state, entry, from);
        Trim(state);
        _metrics.EntriesTotal.Set(_entryCount);
        EntryStored?.Invoke(entry);
    }

    private void Trim(TopicState state)
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
