namespace Icn.Observability.Catalogue;

public static partial class MetricCatalogue
{
    /// <summary>Local control: JSON-RPC calls by method and outcome.</summary>
    public static class Rpc
    {
        private const string Component = "rpc";

        /// <summary>The label value for a method the node does not know, or a call refused before its method was read.</summary>
        public const string UnknownMethod = "unknown";

        /// <summary>The methods icnd answers (Icn.Rpc.RpcMethods.All, checked by a test), and "unknown".</summary>
        public static IReadOnlyList<string> Methods { get; } =
        [
            "node.status", "identity.show", "network.peers", "network.dial", "network.stats", "gossip.topics", "gossip.create_topic",
            "gossip.subscribe", "gossip.unsubscribe", "gossip.publish", "gossip.entries", "ledger.currencies", "ledger.create_currency",
            "ledger.pay", "ledger.balances", "ledger.history", "ledger.credit_limit", "ledger.quarantine", "ledger.quarantine_get",
            "ledger.quarantine_drop", "ledger.quarantine_release", "ledger.integrity", "ledger.repair", UnknownMethod,
        ];

        /// <summary>How a call ended.</summary>
        public static IReadOnlyList<string> Outcomes { get; } = ["ok", "refused", "bad_request", "unauthorized", "error"];

        public static MetricDefinition Requests { get; } = new(Component, "icn_rpc_requests_total", MetricKind.Counter,
            "JSON-RPC requests, by method and outcome",
            "outcome=\"ok\": answered; \"refused\": the node declined (unknown topic, not a participant, no identity); "
            + "\"bad_request\": unparsable JSON, an invalid request, an unknown method, bad parameters or an oversized body; "
            + "\"unauthorized\": a missing or wrong token (HTTP 401); \"error\": a fault in the node.")
        {
            Labels = [new LabelDefinition("method", Methods), new LabelDefinition("outcome", Outcomes)],
        };

        public static MetricDefinition Duration { get; } = new(Component, "icn_rpc_request_duration_seconds", MetricKind.Histogram,
            "Time to answer a JSON-RPC request",
            "From the request's arrival to its response being written, every outcome included.")
        {
            Unit = "seconds",
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        };

        public static IReadOnlyList<MetricDefinition> All { get; } = [Requests, Duration];
    }
}
