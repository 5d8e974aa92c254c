using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Icn.Gossip.Topics;
using Icn.Observability.Tracing;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;
using Icn.Storage;
using Icn.Trust;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>Handles one message from an authenticated peer. Messages that are not gossip are ignored.</summary>
    public void Receive(Did from, Message message)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            switch (message)
            {
                case Push push:
                    _metrics.PushesReceived.Increment();
                    ReceiveEntries(from, [push.Entry], pushed: true);
                    break;
                case Response response:
                    _metrics.ResponsesReceived.Increment();
                    ReceiveEntries(from, response.Entries, pushed: false);
                    break;
                case Announce announce:
                    _metrics.AnnouncesReceived.Increment();
                    OnAnnounce(from, announce);
                    break;
                case Request request:
                    _metrics.RequestsReceived.Increment();
                    OnRequest(from, request);
                    break;
                case Prune prune:
                    _metrics.PrunesReceived.Increment();
                    OnPrune(from, prune);
                    break;
                case Subscribe subscribe:
                    _metrics.SubscribesReceived.Increment();
                    OnSubscribe(from, subscribe);
                    break;
                case Unsubscribe unsubscribe:
                    _metrics.UnsubscribesReceived.Increment();
                    OnUnsubscribe(from, unsubscribe);
                    break;
                case SubscribeAck ack:
                    _metrics.AcksReceived.Increment();
                    OnSubscribeAck(from, ack);
                    break;
                case Neighbor neighbor:
                    _metrics.NeighborsReceived.Increment();
                    OnNeighbor(from, neighbor);
                    break;
                case Reconcile reconcile:
                    _metrics.AntiEntropyBytesReceived.Add(EncodedSize(reconcile));
                    OnReconcile(from, reconcile);
                    break;
            }
        }
    }

    private void ReceiveEntries(Did from, IReadOnlyList<GossipEntry> entries, bool pushed)
    {
        var now = NowMs;
        var fresh = new List<(TopicState State, GossipEntry Entry)>();
        var unasked = false;
        foreach (var entry in entries)
        {
            _topics.TryGetValue(entry.Topic, out var state);
            if ((state is not null && state.Keys.Contains(entry.Id)) || fresh.Exists(f => f.Entry.Id == entry.Id))
            {
                _metrics.DuplicatesReceived.Increment();
                if (pushed && state is not null)
                {
                    // The entry reached us another way first: this push path is redundant, both ways.
                    state.MakeLazy(entry.Author, from);
                    Send(from, new Prune(entry.Topic, entry.Author));
                }

                continue;
            }

            // An id refused before is refused again without the work (a signature check) of finding out why.
            if ((Unasked(entry, pushed) ?? _refused.Reason(entry.Id) ?? Validate(entry, state, now)) is { } reason)
            {
                _metrics.Rejected(reason);
                LogRejected(from, entry.Id, reason);
                unasked |= reason == RejectReason.Unsolicited;
                if (IsFault(reason))
                {
                    Fault(from, reason);
                }

                if (reason != RejectReason.Unsolicited)
                {
                    // Not an unasked copy: that says nothing of the entry, which may yet be asked for, and must then be taken.
                    _refused.Add(entry.Id, reason, now);
                    RefreshRefused();
                }

                continue;
            }

            fresh.Add((state!, entry));
        }

        if (unasked)
        {
            Fault(from, RejectReason.Unsolicited); // one per message: a late honest answer can hold many
        }

        if (fresh.Count == 0)
        {
            return;
        }

        using var span = NodeTracing.Start(NodeTracing.Store, Self.ToString())?.SetTag("icn.entries", fresh.Count);
        try
        {
            _store.Add([.. fresh.Select(f => f.Entry)]);
        }
        catch (StorageException e)
        {
            // Not stored, so not indexed: anti-entropy fetches them again once the store can take them.
            StorageFailed?.Invoke(e);
            return;
        }

        _link.Useful(from);
        foreach (var (state, entry) in fresh)
        {
            _metrics.EntriesReceived.Increment();
            state.Series.EntriesReceived.Increment();
            _metrics.PropagationDelay.Record(Math.Max(0, now - entry.TimestampMs) / 1000.0);
            if (_repairing.Remove(entry.Id))
            {
                _metrics.AntiEntropyRepaired.Increment();
            }

            // The first copy came this way: the link is on the author's tree, both ways.
            state.MakeEager(entry.Author, from);
            Stored(state, entry, from);
        }

        ConfirmRepairs();
    }

    /// <summary>Why an entry from a peer must be refused, cheapest checks first; null when it is sound.</summary>
    private RejectReason? Validate(GossipEntry entry, TopicState? state, long now)
    {
        if (state is null)
        {
            return RejectReason.UnknownTopic;
        }

        if (entry.Payload.Length > _options.MaxPayloadBytes)
        {
            return RejectReason.Oversize;
        }

        if (entry.ComputeId() != entry.Id)
        {
            return RejectReason.BadId;
        }

        if (!state.Definition.Admits(entry.Author, ClassOf))
        {
            return RejectReason.Forbidden;
        }

        if (state.Keys.CountOf(entry.Author) >= IsolatedQuota(entry.Topic) && ClassOf(entry.Author) == TrustClass.Isolated)
        {
            return RejectReason.Quota;
        }

        var oldest = now - (long)state.Definition.Retention.TotalMilliseconds;
        if (entry.TimestampMs < Math.Max(0, oldest) || entry.TimestampMs > now + (long)_options.MaxClockSkew.TotalMilliseconds)
        {
            return RejectReason.Timestamp;
        }

        return !HasValidSignature(entry) ? RejectReason.BadSignature
            : !PassesValidators(entry.Topic, entry.Payload) ? RejectReason.Invalid
            : null;
    }

    /// <summary>Unsolicited, for an entry in a Response that answers no request of this node's (announced or repaired).</summary>
    private RejectReason? Unasked(GossipEntry entry, bool pushed) =>
        pushed || _missing.ContainsKey(entry.Id) || _repairing.ContainsKey(entry.Id) ? null : RejectReason.Unsolicited;
}
