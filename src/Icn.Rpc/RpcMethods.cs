namespace Icn.Rpc;

/// <summary>The methods icnd answers. The set is closed: it is also the label set of the RPC metrics.</summary>
public static class RpcMethods
{
    public const string Status = "node.status";
    public const string Identity = "identity.show";
    public const string Peers = "network.peers";
    public const string Dial = "network.dial";
    public const string NetworkStats = "network.stats";
    public const string Topics = "gossip.topics";
    public const string CreateTopic = "gossip.create_topic";
    public const string Subscribe = "gossip.subscribe";
    public const string Unsubscribe = "gossip.unsubscribe";
    public const string Publish = "gossip.publish";
    public const string Entries = "gossip.entries";
    public const string Currencies = "ledger.currencies";
    public const string CreateCurrency = "ledger.create_currency";
    public const string Pay = "ledger.pay";
    public const string Balances = "ledger.balances";
    public const string History = "ledger.history";
    public const string CreditLimit = "ledger.credit_limit";
    public const string Quarantine = "ledger.quarantine";
    public const string QuarantineGet = "ledger.quarantine_get";
    public const string QuarantineDrop = "ledger.quarantine_drop";
    public const string QuarantineRelease = "ledger.quarantine_release";
    public const string Integrity = "ledger.integrity";
    public const string Repair = "ledger.repair";
    public const string TrustAdd = "trust.add";
    public const string TrustRemove = "trust.remove";
    public const string TrustList = "trust.list";
    public const string TrustShow = "trust.show";

    public static IReadOnlyList<string> All { get; } =
    [
        Status, Identity, Peers, Dial, NetworkStats, Topics, CreateTopic, Subscribe, Unsubscribe, Publish, Entries,
        Currencies, CreateCurrency, Pay, Balances, History, CreditLimit, Quarantine, QuarantineGet, QuarantineDrop, QuarantineRelease, Integrity,
        Repair, TrustAdd, TrustRemove, TrustList, TrustShow,
    ];
}

/// <summary>JSON-RPC 2.0 error codes, and the node's own.</summary>
public static class RpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>The node understood the call and refused it (unknown topic, not a participant, ...).</summary>
    public const int Refused = -32000;

    /// <summary>The node runs without an identity, so the component the method needs is not running.</summary>
    public const int Unavailable = -32001;
}
