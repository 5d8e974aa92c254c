namespace Icn.Rpc;

/// <summary>
/// <c>node.status</c>: who the node is and how it is doing. Addresses are those actually bound (null
/// when switched off); the ledger summary is null without an identity.
/// </summary>
public sealed record NodeStatus(string? Did, string Version, double UptimeSeconds, bool Ready, IReadOnlyDictionary<string, string> Components,
    int Peers, int Topics, string? MetricsUrl = null, string? P2pAddress = null, LedgerSummary? Ledger = null,
    IReadOnlyDictionary<string, string>? Problems = null);

/// <summary>The ledger in numbers, as its metrics report it.</summary>
public sealed record LedgerSummary(int Currencies, int Accounts, long Transactions, int Quarantined, int Pending);

/// <summary><c>identity.show</c>: the node's DID (null without an identity) and where its keystore is.</summary>
public sealed record IdentityView(string? Did, string DataDirectory, string KeystorePath);

/// <summary>A peer connected by <c>network.dial</c>.</summary>
public sealed record PeerView(string Did);

/// <summary>
/// A connected peer and its link (<c>network.peers</c>): where it is, which side dialled, since when (UTC, ISO 8601), its
/// trust class, the keep-alive round trip (last and smoothed, ms; null before the first pong), how far its clock is ahead
/// (ms), what the session carried each way (frames as on the wire), bytes queued to it now, drops by reason, the
/// topics both hold, and its misbehaviour score (gossip faults in the current 10 s window; past the limit it is banned).
/// </summary>
public sealed record PeerLinkView(string Did, string Address, string Direction, string ConnectedSince, string Class, double? RttMs, double? SmoothedRttMs,
    double ClockOffsetMs, long MessagesSent, long MessagesReceived, long BytesSent, long BytesReceived, long QueuedBytes,
    IReadOnlyDictionary<string, long> Drops, int Topics, int Misbehaviour);

/// <summary><c>network.dial</c>: connect once to HOST:PORT; with <see cref="Did"/>, the peer must prove that identity.</summary>
public sealed record DialParams(string Address, string? Did = null);

/// <summary><c>network.stats</c>: the transport's counters since start, as on <c>/metrics</c>.</summary>
public sealed record NetworkStats(string? ListenAddress, int ConnectionsActive, long ConnectionsTotal, long MessagesSent, long MessagesReceived,
    long BytesSent, long BytesReceived, int PeersDiscovered, IReadOnlyDictionary<string, long> Errors, IReadOnlyDictionary<string, long> Dropped);

/// <summary>A topic as held by the node (<c>gossip.topics</c> and the topic calls).</summary>
public sealed record TopicView(string Name, string Access, IReadOnlyList<string> Participants, int MaxEntries, long RetentionSeconds,
    bool Subscribed, int Entries, int PeerSubscribers, int ActivePeers);

/// <summary>An entry (<c>gossip.publish</c>, <c>gossip.entries</c>); the payload as base64, and as text when it is UTF-8.</summary>
public sealed record EntryView(string Id, string Topic, string Author, long TimestampMs, string PayloadBase64, string? PayloadText);

/// <summary><c>gossip.create_topic</c>. Access is "public" (default) or "participants".</summary>
public sealed record CreateTopicParams(string Topic, string? Access = null, IReadOnlyList<string>? Participants = null,
    int? MaxEntries = null, long? RetentionSeconds = null);

/// <summary><c>gossip.subscribe</c>, <c>gossip.unsubscribe</c>.</summary>
public sealed record TopicParams(string Topic);

/// <summary><c>gossip.publish</c>: exactly one of <see cref="Payload"/> (UTF-8 text) and <see cref="PayloadBase64"/>.</summary>
public sealed record PublishParams(string Topic, string? Payload = null, string? PayloadBase64 = null);

/// <summary><c>gossip.entries</c>: the newest entries, newest first; only one author's when <c>author</c> (a DID) is given.</summary>
public sealed record EntriesParams(string Topic, int? Limit = null, string? Author = null)
{
    /// <summary>Entries listed when no limit is given: the newest.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most entries one call lists.</summary>
    public const int MaxLimit = 1000;
}

/// <summary>
/// A currency (<c>ledger.currencies</c>, <c>ledger.create_currency</c>). Every amount in the ledger's views comes twice: in
/// minor units (exact, for programs) and as the decimal string people write ("50.00"), so that no script divides by hand.
/// </summary>
public sealed record CurrencyView(string Symbol, int Decimals, string Description, long DefaultCreditLimit, string Creator, int Accounts,
    string? DefaultCreditLimitDecimal = null);

/// <summary><c>ledger.create_currency</c>: the node's identity becomes the creator.</summary>
public sealed record CreateCurrencyParams(string Symbol, int Decimals, string? Description = null, long DefaultCreditLimit = 0);

/// <summary><c>ledger.pay</c>: from the node's identity, in minor units.</summary>
public sealed record PayParams(string Currency, string Payee, long Amount, string? Memo = null);

/// <summary>A transfer (<c>ledger.pay</c>, <c>ledger.history</c>).</summary>
public sealed record TransferView(string Id, string Currency, string Payer, string Payee, long Amount, string Memo, ulong Sequence, long TimestampMs,
    string? AmountDecimal = null);

/// <summary><c>ledger.balances</c>: every account of a currency, or one.</summary>
public sealed record BalancesParams(string Currency, string? Account = null);

/// <summary>An account's balance and credit limit, in minor units and as decimal strings.</summary>
public sealed record BalanceView(string Currency, string Account, long Balance, long CreditLimit, string? BalanceDecimal = null, string? CreditLimitDecimal = null);

/// <summary><c>ledger.history</c>: transfers of an account (default: the node's own), oldest first.</summary>
public sealed record HistoryParams(string? Account = null, string? Currency = null);

/// <summary><c>ledger.credit_limit</c>: set by the currency's creator (the node's identity).</summary>
public sealed record CreditLimitParams(string Currency, string Account, long Limit);

/// <summary>A refused record: kind, id, reason, and the record's JSON-friendly summary.</summary>
public sealed record QuarantineView(string Id, string Reason, string Kind, string Summary, long SinceMs);

/// <summary>
/// <c>ledger.quarantine_get</c>: one refused record with every field (names as in the record), and its
/// signed bytes as stored.
/// </summary>
public sealed record QuarantineDetail(QuarantineView Entry, IReadOnlyDictionary<string, string> Fields, string BytesBase64);

/// <summary><c>ledger.quarantine_get</c>, <c>ledger.quarantine_drop</c>, <c>ledger.quarantine_release</c>.</summary>
public sealed record RecordParams(string Id);

/// <summary>What drop or release did.</summary>
public sealed record RecordOutcome(string Id, string Outcome);

/// <summary><c>ledger.integrity</c>: a replay of the stored journal compared with the live state.</summary>
/// <summary><c>ledger.repair</c>: what was done ("ok": nothing needed; "accepted": damage given up; "rebuilt": a damaged file set aside).</summary>
public sealed record RepairView(string Outcome, string Detail);

public sealed record IntegrityView(bool Ok, int Records, IReadOnlyList<string> Differences);

/// <summary>
/// <c>trust.add</c>: this node's edge to a DID, a score from 0 to 1 (kept to four decimals), labels (at most 8 of 64
/// bytes), evidence (at most 512 bytes) and an optional lifetime; it replaces any edge to that DID.
/// </summary>
public sealed record TrustAddParams(string Did, double Score, IReadOnlyList<string>? Labels = null, string? Evidence = null, long? ExpiresSeconds = null);

/// <summary><c>trust.remove</c> and <c>trust.show</c>: one DID.</summary>
public sealed record TrustDidParams(string Did);

/// <summary>One of this node's edges, with the class its target has now (which attestations may raise).</summary>
public sealed record TrustEdgeView(string Target, double Score, string Class, IReadOnlyList<string> Labels, string Evidence,
    long CreatedMs, long? ExpiresMs);

public sealed record TrustRemoved(string Did, bool Removed);

/// <summary>One reason for a score: the direct edge (<c>via</c> null), or an attester this node trusts.</summary>
public sealed record TrustPathView(string? Via, double Score, double Contribution);

/// <summary><c>trust.show</c>: a DID's score, class and every path that gave it, best first; whether it is a peer now.</summary>
public sealed record TrustShowView(string Did, double Score, string Class, IReadOnlyList<TrustPathView> Paths, bool Connected);

