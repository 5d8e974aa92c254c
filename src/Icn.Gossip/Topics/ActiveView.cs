using Icn.Core.Identity;

namespace Icn.Gossip.Topics;

/// <summary>
/// The peers a node disseminates one topic to, in the manner of HyParView's active view: new entries are
/// pushed or announced to these peers only, so the cost of an entry does not grow with the number of
/// subscribers. Every other subscriber is passive: a standby that replaces an active peer that leaves, and a
/// partner for anti-entropy. Views are kept symmetric by <c>Neighbor</c> messages, so that a link is used
/// both ways or not at all.
/// </summary>
internal sealed class ActiveView(int target, int limit)
{
    /// <summary>Peers in the view, in DID order (so a seeded simulation runs the same way every time).</summary>
    public SortedSet<Did> Members { get; } = new(PeerOrder.Instance);

    /// <summary>Peers that refused or left this view: not asked again until the next maintenance (anti-entropy) pass.</summary>
    public HashSet<Did> Declined { get; } = [];

    /// <summary>
    /// Peers whose urgent request displaced a member during this pass. Bounded per pass (once per peer, and at most the
    /// view's headroom in all), so that urgent and leave in alternation, or a crowd of identities asking urgently,
    /// cannot churn the honest members out of the view. Cleared with <see cref="Declined"/>.
    /// </summary>
    public HashSet<Did> Displaced { get; } = [];

    /// <summary>An urgent request from <paramref name="peer"/> may still displace a member in this pass.</summary>
    public bool MayDisplaceFor(Did peer) => !Displaced.Contains(peer) && Displaced.Count < Math.Max(1, limit - target);

    /// <summary>Fewer members than the view looks for: it asks passive peers to join.</summary>
    public bool WantsMore => Members.Count < target;

    /// <summary>Room for a peer that asks to join; an urgent request (from a peer with an empty view) is taken even when full.</summary>
    public bool HasRoom => Members.Count < limit;

    public bool Contains(Did peer) => Members.Contains(peer);

    public bool Add(Did peer)
    {
        Declined.Remove(peer);
        return Members.Add(peer);
    }

    /// <summary>Drops a peer that left the topic or the node; false if it was not a member.</summary>
    public bool Remove(Did peer)
    {
        Declined.Remove(peer);
        return Members.Remove(peer);
    }

    /// <summary>A member refused the link or dropped it: out of the view, and not asked again until the next pass.</summary>
    public void Decline(Did peer)
    {
        Members.Remove(peer);
        Declined.Add(peer);
    }
}
