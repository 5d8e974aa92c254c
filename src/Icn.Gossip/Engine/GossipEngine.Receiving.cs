using Icn.Core.Hashing;
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
    public void Receive(Did from, Message message) => Receive([new PeerMessage(from, message)]);

    /// <summary>
    /// Handles a burst of messages in the order they arrived. The entries they carry that this node may take are
    /// checked first (id and signature, in parallel across the cores, each once), and every new entry of the burst
    /// is committed in one transaction after the last message is handled, then indexed and sent on.
    /// </summary>
    public void Receive(IReadOnlyList<PeerMessage> messages)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var burst = new EntryBurst();
            burst.Check(Candidates(messages), HasValidSignature);
            foreach (var message in messages)
            {
                Dispatch(message, burst);
            }

            Commit(burst);
        }
    }

    private void Dispatch(PeerMessage message, EntryBurst burst)
    {
        var from = message.From;
        if (IsBanned(from))
        {
            return;
        }

        switch (message.Message)
        {
            case Push push:
                _metrics.PushesReceived.Increment();
                ReceiveEntries(message, [push.Entry], pushed: true, burst);
                break;
            case Response response:
                _metrics.ResponsesReceived.Increment();
                ReceiveEntries(message, response.Entries, pushed: false, burst);
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

    /// <summary>
    /// Entries of the burst worth the cost of a signature check: of a topic held here, not held or refused already, not
    /// a second copy, of an admissible size and date, and (in a response) asked for. The rest are refused by cheaper checks.
    /// </summary>
    private List<GossipEntry> Candidates(IReadOnlyList<PeerMessage> messages)
    {
        var now = NowMs;
        var seen = new HashSet<ContentHash>();
        var candidates = new List<GossipEntry>();
        foreach (var message in messages)
        {
            var (entries, pushed) = message.Message switch
            {
                Push push => ((IReadOnlyList<GossipEntry>)[push.Entry], true),
                Response response => (response.Entries, false),
                _ => ([], false),
            };
            foreach (var entry in entries)
            {
                if (_topics.TryGetValue(entry.Topic, out var state) && !state.Keys.Contains(entry.Id) && _refused.Reason(entry.Id) is null
                    && entry.Payload.Length <= _options.MaxPayloadBytes && Unasked(entry, pushed) is null && InDate(entry, state, now) && seen.Add(entry.Id))
                {
                    candidates.Add(entry);
                }
            }
        }

        return candidates;
    }

    /// <summary>Commits the burst's new entries in one transaction, then indexes, counts and sends on each.</summary>
    private void Commit(EntryBurst burst)
    {
        if (burst.Fresh.Count == 0)
        {
            return;
        }

        using var span = NodeTracing.StartFollowing(NodeTracing.Store, Self.ToString(), burst.Causes)?.SetTag("icn.entries", burst.Fresh.Count);
        try
        {
            _store.Add([.. burst.Fresh.Select(f => f.Entry)]);
        }
        catch (StorageException e)
        {
            // Not stored, so not indexed: anti-entropy fetches them again once the store can take them.
            StorageFailed?.Invoke(e);
            return;
        }

        var now = NowMs;
        foreach (var from in burst.Fresh.Select(f => f.From).Distinct())
        {
            _link.Useful(from);
        }

        foreach (var (state, entry, from) in burst.Fresh)
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

    private void ReceiveEntries(PeerMessage message, IReadOnlyList<GossipEntry> entries, bool pushed, EntryBurst burst)
    {
        var (from, now, unasked, fresh) = (message.From, NowMs, false, false);
        foreach (var entry in entries)
        {
            _topics.TryGetValue(entry.Topic, out var state);
            if ((state is not null && state.Keys.Contains(entry.Id)) || burst.FreshIds.Contains(entry.Id))
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
            if ((Unasked(entry, pushed) ?? _refused.Reason(entry.Id) ?? Validate(entry, state, now, burst)) is { } reason)
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

            burst.Add(state!, entry, from);
            fresh = true;
        }

        if (unasked)
        {
            Fault(from, RejectReason.Unsolicited); // one per message: a late honest answer can hold many
        }

        if (fresh)
        {
            burst.Causes.Add(message.Cause);
        }
    }

    /// <summary>Why an entry from a peer must be refused, cheapest checks first; null when it is sound.</summary>
    private RejectReason? Validate(GossipEntry entry, TopicState? state, long now, EntryBurst burst)
    {
        if (state is null)
        {
            return RejectReason.UnknownTopic;
        }

        if (entry.Payload.Length > _options.MaxPayloadBytes)
        {
            return RejectReason.Oversize;
        }

        if (!burst.IdHolds(entry))
        {
            return RejectReason.BadId;
        }

        if (!state.Definition.Admits(entry.Author, ClassOf))
        {
            return RejectReason.Forbidden;
        }

        // The burst's own new entries count too: they are not in the index until the burst is committed.
        if (state.Keys.CountOf(entry.Author) + burst.FreshOf(state, entry.Author) >= IsolatedQuota(entry.Topic) && ClassOf(entry.Author) == TrustClass.Isolated)
        {
            return RejectReason.Quota;
        }

        if (!InDate(entry, state, now))
        {
            return RejectReason.Timestamp;
        }

        return !burst.SignatureHolds(entry, HasValidSignature) ? RejectReason.BadSignature
            : !PassesValidators(entry.Topic, entry.Payload) ? RejectReason.Invalid
            : null;
    }

    /// <summary>Dated within the topic's retention and no further ahead of this node's clock than the skew allowed.</summary>
    private bool InDate(GossipEntry entry, TopicState state, long now)
    {
        var oldest = now - (long)state.Definition.Retention.TotalMilliseconds;
        return entry.TimestampMs >= Math.Max(0, oldest) && entry.TimestampMs <= now + (long)_options.MaxClockSkew.TotalMilliseconds;
    }

    /// <summary>Unsolicited, for an entry in a Response that answers no request of this node's (announced or repaired).</summary>
    private RejectReason? Unasked(GossipEntry entry, bool pushed) =>
        pushed || _missing.Contains(entry.Id) || _repairing.ContainsKey(entry.Id) ? null : RejectReason.Unsolicited;
}
