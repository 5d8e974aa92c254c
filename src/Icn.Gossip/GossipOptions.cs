namespace Icn.Gossip;

/// <summary>Gossip settings, with the defaults a node runs with.</summary>
public sealed record GossipOptions
{
    /// <summary>Largest payload accepted, in bytes (published or received).</summary>
    public int MaxPayloadBytes { get; init; } = 1024 * 1024;

    /// <summary>Entries dated further ahead of this node's clock are refused. Default <see cref="Core.Time.SignedTimestamps.MaxAhead"/>.</summary>
    public TimeSpan MaxClockSkew { get; init; } = Core.Time.SignedTimestamps.MaxAhead;

    /// <summary>
    /// Push new entries along each author's broadcast tree (true), or only announce them and let every
    /// node pull (false: three trips a hop instead of one; kept for comparison, see docs/benchmarks.md).
    /// </summary>
    public bool EagerPush { get; init; } = true;

    /// <summary>
    /// Peers of each topic's active view that a node looks for (D): it pushes or announces new entries to these only, so a
    /// node with 1,000 subscribers still sends at most <see cref="MaxFanout"/> copies of an entry. Default 6.
    /// </summary>
    public int Fanout { get; init; } = 6;

    /// <summary>Most peers in a topic's active view: a view this full refuses peers that ask to join (unless theirs is empty). Default 8.</summary>
    public int MaxFanout { get; init; } = 8;

    /// <summary>How long ids to announce wait to be sent together, one <c>Announce</c> per peer and topic per batch. Default 50 ms.</summary>
    public TimeSpan AnnounceDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most messages from peers queued for the engine (<see cref="Engine.GossipInbox"/>); when full, sessions wait to read. Default 4,096.</summary>
    public int InboxMessages { get; init; } = 4096;

    /// <summary>
    /// Most publishes waiting for their group's commit; beyond it <c>PublishAsync</c> refuses as busy (the RPC answers -32000
    /// with reason "busy") instead of queueing without end behind a slow disk. Default 4,096.
    /// </summary>
    public int PublishQueue { get; init; } = 4096;

    /// <summary>Peers each topic is reconciled with per anti-entropy pass, chosen at random among those holding it. Default 3.</summary>
    public int AntiEntropyPeers { get; init; } = 3;

    /// <summary>After an announce of an unknown entry, how long to wait for an eager push before requesting it.</summary>
    public TimeSpan GraftDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Most announced ids not yet held that a node tracks to request; beyond it announced ids are left to anti-entropy
    /// (<c>icn_gossip_missing_entries_untracked_total</c>), so announces of ids that exist nowhere cannot grow memory. Default 16,384.
    /// </summary>
    public int MissingEntries { get; init; } = 16_384;

    /// <summary>How long a request may go unanswered before the entry is asked of another announcer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Period of anti-entropy with every connected peer, per shared topic.</summary>
    public TimeSpan AntiEntropyInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Random extra delay added to each period, so that nodes do not reconcile in lockstep.</summary>
    public TimeSpan AntiEntropyJitter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most bytes of range data in one reconciliation message; the rest waits for the next step.</summary>
    public int ReconcileMessageBytes { get; init; } = 32 * 1024;

    /// <summary>Reconciliation steps after which a reconciliation is abandoned (a misbehaving or churning peer).</summary>
    public int MaxReconcileRounds { get; init; } = 64;

    /// <summary>Sub-ranges a differing range is split into.</summary>
    public int ReconcileBranching { get; init; } = 8;

    /// <summary>Ranges with at most this many entries are sent as id lists instead of being split further.</summary>
    public int ReconcileIdListThreshold { get; init; } = 8;

    /// <summary>Most payload bytes in one response message; larger answers are split.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Topics named here get their own series in per-topic metrics; others count as "other".</summary>
    public IReadOnlyList<string> MetricTopics { get; init; } = [];

    /// <summary>Cap on <see cref="MetricTopics"/>, so that configuration cannot explode cardinality either.</summary>
    public int MetricTopicsMax { get; init; } = 20;

    /// <summary>
    /// Most ids of refused entries remembered (oldest forgotten first), so that anti-entropy does not fetch
    /// a refused entry again every round and a flood of one bad entry is not verified again. Default 10,000.
    /// </summary>
    public int RefusedMemory { get; init; } = 10_000;

    /// <summary>How long a refused id is remembered: long enough to stop refetching, short enough for a fixed clock to matter. Default 1 h.</summary>
    public TimeSpan RefusedMemoryTime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Faults a peer may commit within 10 s before the engine asks the link to disconnect and ban it
    /// (<see cref="IGossipLink.Misbehaved"/>). A fault is what no honest node sends, since every node runs the same
    /// checks: an entry whose signature or id does not verify, or that the topic's validator refuses; and a
    /// Response with entries nobody asked for (one fault per message: a late honest answer can be unasked); and a
    /// Request for a topic this node does not carry for the peer, or for none of the entries it holds. Default 100.
    /// </summary>
    public int MisbehaviourLimit { get; init; } = 100;

    /// <summary>
    /// Entries one Isolated author (a DID this node's trust graph does not class above isolated) may hold in a topic;
    /// its next are refused (<c>reason="quota"</c>) until older ones go, so strangers cannot fill topics that
    /// trusted authors use. A topic's owner may set another cap (<c>GossipEngine.LimitIsolatedAuthors</c>). Default 1,000.
    /// </summary>
    public int IsolatedAuthorEntries { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(MaxPayloadBytes is > 0 and <= 8 * 1024 * 1024, nameof(MaxPayloadBytes), "must be between 1 and 8 MiB");
        Require(Fanout >= 1, nameof(Fanout), "must be at least 1");
        Require(MaxFanout >= Fanout, nameof(MaxFanout), $"must be at least Fanout ({Fanout})");
        Require(AnnounceDelay >= TimeSpan.Zero, nameof(AnnounceDelay), "must not be negative");
        Require(InboxMessages >= 1, nameof(InboxMessages), "must be at least 1");
        Require(PublishQueue >= 1, nameof(PublishQueue), "must be at least 1");
        Require(MissingEntries >= 1, nameof(MissingEntries), "must be at least 1");
        Require(AntiEntropyPeers >= 1, nameof(AntiEntropyPeers), "must be at least 1");
        Require(AntiEntropyInterval > TimeSpan.Zero, nameof(AntiEntropyInterval), "must be positive");
        Require(AntiEntropyJitter >= TimeSpan.Zero, nameof(AntiEntropyJitter), "must not be negative");
        Require(ReconcileBranching >= 2, nameof(ReconcileBranching), "must be at least 2");
        Require(ReconcileIdListThreshold >= 1, nameof(ReconcileIdListThreshold), "must be at least 1");
        Require(ReconcileMessageBytes >= 1024, nameof(ReconcileMessageBytes), "must be at least 1024");
        Require(MisbehaviourLimit >= 1, nameof(MisbehaviourLimit), "must be at least 1");
        Require(IsolatedAuthorEntries >= 0, nameof(IsolatedAuthorEntries), "must not be negative");
        Require(RefusedMemory >= 0, nameof(RefusedMemory), "must not be negative");
        Require(MetricTopics.Count <= MetricTopicsMax, nameof(MetricTopics), $"names {MetricTopics.Count} topics, more than the cap of {MetricTopicsMax}");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"gossip option {name} {problem}");
        }
    }
}
