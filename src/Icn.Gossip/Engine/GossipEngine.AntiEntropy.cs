using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Reconciliation;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>Once no repair is outstanding, reconciles again with each peer repairs were asked of.</summary>
    private void ConfirmRepairs()
    {
        if (_repairing.Count > 0 || _confirming.Count == 0)
        {
            return;
        }

        var confirming = _confirming.ToArray();
        _confirming.Clear();
        foreach (var ((_, peer), state) in confirming)
        {
            if (_peers.Contains(peer))
            {
                OpenReconciliation(peer, state);
            }
        }
    }

    /// <summary>Runs one anti-entropy pass now, as the timer would (tests, and an operator's "sync now").</summary>
    public void ReconcileNow()
    {
        lock (_gate)
        {
            AntiEntropyPass();
        }
    }

    private TimeSpan NextAntiEntropyDelay() =>
        _options.AntiEntropyInterval + TimeSpan.FromTicks((long)(_random.NextDouble() * _options.AntiEntropyJitter.Ticks));

    private void OnAntiEntropyTimer()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            AntiEntropyPass();
            _antiEntropyTimer.Change(NextAntiEntropyDelay(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Expires old entries and lapsed repairs, refreshes the views, then reconciles every subscribed topic with a few peers holding it.</summary>
    private void AntiEntropyPass()
    {
        var now = NowMs;
        foreach (var lapsed in _repairing.Where(r => r.Value < now).Select(r => r.Key).ToArray())
        {
            _repairing.Remove(lapsed);
            _metrics.AntiEntropyRepairLapsed.Increment();
        }

        _confirming.Clear(); // this pass reconciles every topic anyway
        _refused.Expire(now);
        RefreshRefused();

        RefreshViews();
        foreach (var state in _topics.Values)
        {
            Trim(state);
            if (!state.Subscribed)
            {
                continue;
            }

            foreach (var peer in PassPartners(state))
            {
                OpenReconciliation(peer, state);
            }
        }
    }

    /// <summary>
    /// Up to <see cref="GossipOptions.AntiEntropyPeers"/> connected peers holding the topic, at random: a bounded pass
    /// whatever the number of peers, that still reaches every peer over time (and at once on each new subscription).
    /// </summary>
    private List<Did> PassPartners(TopicState state)
    {
        var partners = state.Partners().Where(_peers.Contains).ToList();
        while (partners.Count > _options.AntiEntropyPeers)
        {
            partners.RemoveAt(_random.Next(partners.Count));
        }

        return partners;
    }

    private void OpenReconciliation(Did peer, TopicState state)
    {
        _metrics.AntiEntropyRounds.Increment();
        Send(peer, new Reconcile(state.Definition.Name, 0, RangeReconciler.Open(state.Keys.Sorted(), _options)));
    }

    /// <summary>One reconciliation step: request what the peer has and this node lacks, and answer while ranges differ.</summary>
    private void OnReconcile(Did from, Reconcile reconcile)
    {
        if (reconcile.Round >= _options.MaxReconcileRounds)
        {
            _metrics.AntiEntropyRoundLimit.Increment();
            return;
        }

        if (!_topics.TryGetValue(reconcile.Topic, out var state) || !state.Definition.Admits(from, ClassOf))
        {
            return;
        }

        var step = RangeReconciler.Process(reconcile.Ranges, state.Keys.Sorted(), state.Keys.Contains, _options);
        if (state.Subscribed)
        {
            // An unsubscribed node still answers, so peers can repair from it, but fetches nothing new.
            RequestRepairs(from, state, step.Need);
        }

        if (step.Reply.Count > 0)
        {
            Send(from, new Reconcile(reconcile.Topic, reconcile.Round + 1, step.Reply));
            return;
        }

        if (reconcile.Ranges.Count > 0)
        {
            // The exchange ends here: an empty step tells the peer, which otherwise cannot know it is in sync.
            Send(from, new Reconcile(reconcile.Topic, reconcile.Round + 1, []));
        }

        if (state.Subscribed && step.Need.All(state.Keys.Contains) && !_confirming.ContainsKey((reconcile.Topic, from)) && _repairing.Count == 0)
        {
            // Nothing left to compare and nothing to fetch: this node holds all the peer held.
            TopicSynced?.Invoke(reconcile.Topic, from);
        }
    }

    private void RequestRepairs(Did from, TopicState state, IReadOnlyList<ContentHash> need)
    {
        var deadline = NowMs + (long)_options.AntiEntropyInterval.TotalMilliseconds;
        var wanted = need.Where(id => !_repairing.ContainsKey(id) && _refused.Reason(id) is null).Distinct().ToArray();
        if (wanted.Length > 0 && _peers.Contains(from))
        {
            _confirming[(state.Definition.Name, from)] = state;
        }

        foreach (var id in wanted)
        {
            _repairing[id] = deadline;
            _missing.Remove(id);
        }

        foreach (var chunk in wanted.Chunk(GossipLimits.MaxIds))
        {
            Send(from, new Request(state.Definition.Name, chunk, Graft: false));
        }
    }
}
