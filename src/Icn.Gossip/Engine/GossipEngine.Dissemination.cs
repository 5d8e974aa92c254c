using Icn.Core.Identity;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>
    /// Sends a newly stored entry on to the topic's active view: pushed to the peers eager in its author's tree,
    /// announced (in batches) to the lazy ones, never back to the peer it came from or to its author. Passive
    /// subscribers get nothing: the cost of an entry is bounded by the view, not by the number of subscribers.
    /// </summary>
    private void Disseminate(TopicState state, GossipEntry entry, Did? from)
    {
        Push? push = null;
        foreach (var peer in state.View.Members)
        {
            if (peer == from || peer == entry.Author)
            {
                continue;
            }

            if (!_options.EagerPush || state.IsLazy(entry.Author, peer))
            {
                QueueAnnounce(peer, entry);
            }
            else
            {
                Send(peer, push ??= new Push(entry));
            }
        }
    }

    private void QueueAnnounce(Did peer, GossipEntry entry)
    {
        if (_options.AnnounceDelay == TimeSpan.Zero)
        {
            Send(peer, new Announce(entry.Topic, [entry.Id]));
            return;
        }

        if (_announces.Add(peer, entry.Topic, entry.Id) is { } full)
        {
            Send(peer, full);
        }
        else if (!_announceTimerArmed)
        {
            _announceTimerArmed = true;
            _announceTimer.Change(_options.AnnounceDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnAnnounceTimer()
    {
        lock (_gate)
        {
            _announceTimerArmed = false;
            if (_disposed)
            {
                return;
            }

            foreach (var (peer, announce) in _announces.Drain())
            {
                Send(peer, announce);
            }
        }
    }

    /// <summary>
    /// Unknown ids wait <see cref="GossipOptions.GraftDelay"/> for the eager push that is probably on its
    /// way; only then are they requested (with a graft) from the first peer that announced them.
    /// </summary>
    private void OnAnnounce(Did from, Announce announce)
    {
        if (!_topics.TryGetValue(announce.Topic, out var state) || !state.Subscribed || !state.Definition.Admits(from, ClassOf))
        {
            return;
        }

        // Pull-only: nothing is pushed, so there is nothing to wait for.
        var due = NowMs + (long)(_options.EagerPush ? _options.GraftDelay : TimeSpan.Zero).TotalMilliseconds;
        foreach (var id in announce.Ids)
        {
            if (!state.Keys.Contains(id) && !_repairing.ContainsKey(id) && !_missing.Add(id, announce.Topic, from, due))
            {
                _metrics.MissingEntriesUntracked.Increment();
            }
        }

        ArmMissingTimer();
    }

    private void OnMissingTimer()
    {
        lock (_gate)
        {
            _missingTimerDueMs = null;
            if (_disposed)
            {
                return;
            }

            var retry = (long)_options.RequestTimeout.TotalMilliseconds;
            foreach (var (peer, request) in _missing.TakeDue(NowMs, retry, _peers.Contains, graft: _options.EagerPush))
            {
                Send(peer, request);
            }

            ArmMissingTimer();
        }
    }

    /// <summary>Sets the one timer of the missing entries to the earliest due, unless it already fires by then.</summary>
    private void ArmMissingTimer()
    {
        if (_missing.NextDueMs is not { } due || (_missingTimerDueMs is { } armed && armed <= due))
        {
            return;
        }

        _missingTimerDueMs = due;
        _missingTimer.Change(TimeSpan.FromMilliseconds(Math.Max(0, due - NowMs)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Answers the requester only, in responses of bounded size; a graft makes the link eager. Served within the
    /// requester's send queue: once a response does not fit, the rest of the request is neither read from the
    /// store nor queued (a peer that asks faster than it reads gets what it reads, and is closed as slow).
    /// </summary>
    private void OnRequest(Did from, Request request)
    {
        if (!_topics.TryGetValue(request.Topic, out var state) || !state.Definition.Admits(from, ClassOf))
        {
            BadRequest(from, "a request for a topic this node does not carry for it");
            return;
        }

        if (request.Ids.Count > 0 && !request.Ids.Any(state.Keys.Contains))
        {
            BadRequest(from, "a request for no entry this node holds");
            return;
        }

        var batch = new List<GossipEntry>();
        var bytes = 0;
        foreach (var id in request.Ids)
        {
            if (!state.Keys.Contains(id) || _store.Find(id) is not { } entry)
            {
                continue;
            }

            if (batch.Count > 0 && (bytes + entry.Payload.Length > _options.MaxResponseBytes || batch.Count == GossipLimits.MaxEntries))
            {
                if (!Send(from, new Response(batch)))
                {
                    _metrics.RequestsUnserved.Increment();
                    return;
                }

                batch = [];
                bytes = 0;
            }

            if (request.Graft)
            {
                state.MakeEager(entry.Author, from);
            }

            batch.Add(entry);
            bytes += entry.Payload.Length;
        }

        if (batch.Count > 0 && !Send(from, new Response(batch)))
        {
            _metrics.RequestsUnserved.Increment();
        }
    }

    private void BadRequest(Did from, string what)
    {
        _metrics.BadRequests.Increment();
        Fault(from, what);
    }

    private void OnPrune(Did from, Prune prune)
    {
        if (_topics.TryGetValue(prune.Topic, out var state))
        {
            state.MakeLazy(prune.Author, from);
        }
    }
}
