using Icn.Core.Identity;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Engine;

/// <summary>
/// Peer sampling: each topic's <see cref="ActiveView"/>, filled from its subscribers at random and kept
/// symmetric with <see cref="Neighbor"/> messages. A view below <see cref="GossipOptions.Fanout"/> asks a
/// passive subscriber to join; a view at <see cref="GossipOptions.MaxFanout"/> refuses, unless the asker's
/// view is empty (then a random member makes room, a bounded number of times per pass), so no node is left
/// without a way in and no peer can churn a view by asking urgently again and again.
/// </summary>
public sealed partial class GossipEngine
{
    /// <summary>Asks passive subscribers to join until the view has what it looks for, or nobody is left to ask.</summary>
    private void FillView(TopicState state)
    {
        while (state.View.WantsMore)
        {
            var candidates = state.Subscribers.Where(p => !state.View.Contains(p) && !state.View.Declined.Contains(p) && _peers.Contains(p)).ToArray();
            if (candidates.Length == 0)
            {
                break;
            }

            // Urgent only for a node left with nothing after being refused: a plain join first, or every new
            // node would displace a member of a full view.
            var intent = state.View.Members.Count == 0 && state.View.Declined.Count > 0 ? NeighborIntent.Urgent : NeighborIntent.Join;
            var peer = candidates[_random.Next(candidates.Length)];
            state.View.Add(peer);
            Send(peer, new Neighbor(state.Definition.Name, intent));
        }

        RefreshViewGauge();
    }

    private void OnNeighbor(Did from, Neighbor neighbor)
    {
        if (!_topics.TryGetValue(neighbor.Topic, out var state))
        {
            return;
        }

        if (neighbor.Intent == NeighborIntent.Leave)
        {
            state.View.Decline(from);
            FillView(state);
            return;
        }

        if (state.View.Contains(from))
        {
            return;
        }

        if (!state.Subscribers.Contains(from))
        {
            // A peer not subscribed here cannot be disseminated to: refuse, so it looks elsewhere.
            Send(from, new Neighbor(neighbor.Topic, NeighborIntent.Leave));
            return;
        }

        if (!state.View.HasRoom)
        {
            // Room is made only for an urgent request, a bounded number of times per pass, and only by dropping a member
            // the trust graph does not rank above the asker: a crowd of strangers cannot push out a cooperative's partners.
            var asker = ClassOf(from);
            var members = neighbor.Intent == NeighborIntent.Urgent && state.View.MayDisplaceFor(from)
                ? state.View.Members.Where(m => ClassOf(m) <= asker).ToArray()
                : [];
            if (members.Length == 0)
            {
                Send(from, new Neighbor(neighbor.Topic, NeighborIntent.Leave));
                return;
            }

            state.View.Displaced.Add(from);
            var dropped = members[_random.Next(members.Length)];
            state.View.Decline(dropped);
            Send(dropped, new Neighbor(neighbor.Topic, NeighborIntent.Leave));
        }

        state.View.Add(from);
        RefreshViewGauge();
    }

    /// <summary>A pass's maintenance: peers that declined may be asked again, and views that lost members fill up.</summary>
    private void RefreshViews()
    {
        foreach (var state in _topics.Values)
        {
            state.View.Declined.Clear();
            state.View.Displaced.Clear();
            FillView(state);
        }
    }

    private void RefreshViewGauge() => _metrics.ActiveViewPeers.Set(_topics.Values.Sum(t => t.View.Members.Count));
}
