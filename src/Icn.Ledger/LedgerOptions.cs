namespace Icn.Ledger;

/// <summary>The ledger's settings (<c>ledger.*</c> keys), each with its documented default and unit.</summary>
public sealed record LedgerOptions
{
    /// <summary>
    /// <c>ledger.catch_up_seconds</c>: after an unclean stop, how long local writes wait at most for every
    /// ledger topic to be reconciled with a peer before going ahead with what the node holds. Default 60 s.
    /// </summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Entries each ledger topic (<c>ledger:currencies</c>, <c>ledger:&lt;symbol&gt;</c>) keeps in gossip: the whole
    /// journal must stay replicable, so far more than a topic's usual 10,000. Default 10,000,000.
    /// </summary>
    public int TopicMaxEntries { get; init; } = 10_000_000;

    /// <summary>How long ledger topics keep entries in gossip: for good, in practice. Default 36,500 days.</summary>
    public TimeSpan TopicRetention { get; init; } = TimeSpan.FromDays(36_500);

    /// <summary>
    /// <c>ledger.handoff_entries</c>: entries gossip has stored on ledger topics and the ledger has not yet taken,
    /// held in memory. Beyond it nothing more is queued: the ledger reads what it missed back from gossip.db once it
    /// has taken the rest, so a burst from peers never grows memory. Default 4,096.
    /// </summary>
    public int HandoffEntries { get; init; } = 4096;

    /// <summary>
    /// Currencies one Isolated author (a stranger to this node's trust graph) may create, as gossip holds them on
    /// <c>ledger:currencies</c>; its next are refused there (<c>reason="quota"</c>). Transfers and limits on a
    /// currency's topic are never capped: a journal must replicate whole. Default 2.
    /// </summary>
    public int IsolatedCurrencies { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(CatchUpTimeout > TimeSpan.Zero, "ledger.catch_up_seconds", "must be positive");
        Require(HandoffEntries > 0, "ledger.handoff_entries", "must be positive");
        Require(IsolatedCurrencies >= 0, nameof(IsolatedCurrencies), "must not be negative");
        Require(TopicMaxEntries > 0, nameof(TopicMaxEntries), "must be positive");
        Require(TopicRetention > TimeSpan.Zero, nameof(TopicRetention), "must be positive");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"ledger option {name} {problem}");
        }
    }
}
