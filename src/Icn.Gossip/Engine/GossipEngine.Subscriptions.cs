using Icn.Core.Identity;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    /// <summary>
    /// A session with <paramref name="peer"/> opened: tell it what this node subscribes to. Also when the
    /// peer was connected already: a simultaneous dial replaced its session, and what was sent on the
    /// closed one may be lost; subscribing again is harmless.
    /// </summary>
    public void PeerConnected(Did peer)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _peers.Add(peer);
            _banned.Remove(peer); // a new session: its ban, if any, is over

            var subscribed = _topics.Values.Where(t => t.Subscribed).Select(t => t.Definition.Name).Order(StringComparer.Ordinal).ToArray();
            foreach (var chunk in subscribed.Chunk(GossipLimits.MaxTopics))
            {
                Send(peer, new Subscribe(chunk));
            }
        }
    }

    /// <summary>The session with <paramref name="peer"/> closed: forget its subscriptions until it returns.</summary>
    public void PeerDisconnected(Did peer)
    {
        lock (_gate)
        {
            _faults.Remove(peer);
            if (!_peers.Remove(peer))
            {
                return;
            }

            _announces.Forget(peer);
            foreach (var state in _topics.Values)
            {
                state.RemovePeer(peer);
                FillView(state);
            }

            RefreshGauges();
        }
    }

    /// <summary>
    /// Accepts each topic held here that admits the peer; refuses the rest without keeping their names.
    /// A peer subscribing to a topic holds it: if this node subscribes to it too and the peer is not yet
    /// had refused this node's subscription (lacking the topic then), this node subscribes again, so
    /// topics created at different times end up subscribed both ways.
    /// </summary>
    private void OnSubscribe(Did from, Subscribe subscribe)
    {
        var accepted = new List<string>();
        var refused = new List<string>();
        var again = new List<string>();
        foreach (var topic in subscribe.Topics)
        {
            if (_peers.Contains(from) && _topics.TryGetValue(topic, out var state) && state.Definition.Admits(from, ClassOf))
            {
                state.Subscribers.Add(from);
                accepted.Add(topic);
                if (state.Subscribed && state.RefusedBy.Remove(from))
                {
                    again.Add(topic);
                }
            }
            else
            {
                refused.Add(topic);
            }
        }

        RefreshGauges();
        Send(from, new SubscribeAck(true, accepted, refused));
        if (again.Count > 0)
        {
            Send(from, new Subscribe(again));
        }

        foreach (var topic in accepted)
        {
            FillView(_topics[topic]);
        }
    }

    private void OnUnsubscribe(Did from, Unsubscribe unsubscribe)
    {
        var accepted = new List<string>();
        var refused = new List<string>();
        foreach (var topic in unsubscribe.Topics)
        {
            if (_topics.TryGetValue(topic, out var state) && state.Subscribers.Remove(from))
            {
                accepted.Add(topic);
                if (state.View.Remove(from))
                {
                    FillView(state);
                }
            }
            else
            {
                refused.Add(topic);
            }
        }

        RefreshGauges();
        Send(from, new SubscribeAck(false, accepted, refused));
    }

    /// <summary>A peer that accepted a subscription holds the topic: reconcile with it at once, to catch up.</summary>
    private void OnSubscribeAck(Did from, SubscribeAck ack)
    {
        if (!_peers.Contains(from))
        {
            return;
        }

        foreach (var topic in ack.Subscribed ? ack.Refused : [])
        {
            if (_topics.TryGetValue(topic, out var refusedHere) && refusedHere.Subscribed)
            {
                refusedHere.RefusedBy.Add(from);
            }
        }

        foreach (var topic in ack.Accepted)
        {
            if (!_topics.TryGetValue(topic, out var state))
            {
                continue;
            }

            if (!ack.Subscribed)
            {
                state.Sources.Remove(from);
            }
            else if (state.Subscribed && state.Sources.Add(from))
            {
                OpenReconciliation(from, state);
            }
        }
    }
}
