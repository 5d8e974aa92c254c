using Icn.Core.Identity;
using Icn.Gossip.Reconciliation;

namespace Icn.Gossip.Topics;

/// <summary>
/// What the engine knows of one topic: its definition, its stored keys, and its peers. For each
/// author, the peers of the active view are split into eager ones (new entries are pushed to them:
/// that author's broadcast tree) and lazy ones (they get announces only), as in Plumtree with one tree
/// per source: a duplicate push prunes a link from eager to lazy and a graft request makes it eager
/// again. One tree per author keeps every path short; a tree shared by all authors would be pruned
/// for one author where another needs it, and oscillate.
/// </summary>
internal sealed class TopicState(TopicDefinition definition, bool subscribed, GossipMetrics.TopicSeries series, ActiveView view)
{
    public TopicDefinition Definition { get; set; } = definition;

    public bool Subscribed { get; set; } = subscribed;

    public KeyIndex Keys { get; } = new();

    public GossipMetrics.TopicSeries Series { get; } = series;

    /// <summary>Most authors whose trees are remembered; beyond it the trees start again from flooding.</summary>
    public const int MaxTrees = 10_000;

    private readonly Dictionary<Did, HashSet<Did>> _lazyByAuthor = [];

    /// <summary>The subscribers new entries are pushed or announced to; the others are passive.</summary>
    public ActiveView View { get; } = view;

    /// <summary>Peers subscribed here.</summary>
    public SortedSet<Did> Subscribers { get; } = new(PeerOrder.Instance);

    /// <summary>Peers that accepted this node's subscription: they hold the topic too.</summary>
    public SortedSet<Did> Sources { get; } = new(PeerOrder.Instance);

    /// <summary>Peers that refused this node's subscription, lacking the topic then; asked again when they gain it.</summary>
    public HashSet<Did> RefusedBy { get; } = [];

    /// <summary>True when <paramref name="peer"/> gets announces, not pushes, of <paramref name="author"/>'s entries.</summary>
    public bool IsLazy(Did author, Did peer) => _lazyByAuthor.TryGetValue(author, out var lazy) && lazy.Contains(peer);

    /// <summary>Moves a peer to the lazy side of an author's tree; false if it was there already.</summary>
    public bool MakeLazy(Did author, Did peer)
    {
        if (!_lazyByAuthor.TryGetValue(author, out var lazy))
        {
            if (_lazyByAuthor.Count >= MaxTrees)
            {
                _lazyByAuthor.Clear();
            }

            lazy = [];
            _lazyByAuthor[author] = lazy;
        }

        return lazy.Add(peer);
    }

    /// <summary>Moves a peer to the eager side of an author's tree.</summary>
    public void MakeEager(Did author, Did peer)
    {
        if (_lazyByAuthor.TryGetValue(author, out var lazy))
        {
            lazy.Remove(peer);
        }
    }

    /// <summary>Forgets a peer that left, from the subscribers and from every tree.</summary>
    public void RemovePeer(Did peer)
    {
        Subscribers.Remove(peer);
        View.Remove(peer);
        Sources.Remove(peer);
        RefusedBy.Remove(peer);
        foreach (var lazy in _lazyByAuthor.Values)
        {
            lazy.Remove(peer);
        }
    }

    /// <summary>Every peer to reconcile this topic with.</summary>
    public SortedSet<Did> Partners()
    {
        var partners = new SortedSet<Did>(Subscribers, PeerOrder.Instance);
        partners.UnionWith(Sources);
        return partners;
    }
}

/// <summary>
/// Peers in DID order. String hashes are randomised per process, so hash-set order would make a
/// seeded simulation send in a different order on every run; sorted sets keep it reproducible.
/// </summary>
internal sealed class PeerOrder : IComparer<Did>
{
    public static PeerOrder Instance { get; } = new();

    public int Compare(Did? x, Did? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
}
