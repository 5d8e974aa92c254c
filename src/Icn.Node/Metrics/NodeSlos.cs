using Icn.Gossip;
using Icn.Ledger;
using Icn.Network;
using Icn.Node.Rpc;
using Icn.Observability.Slo;

namespace Icn.Node.Metrics;

/// <summary>
/// The node's service-level objectives, each over 30 days: what a cooperative feels, written once. The rules in
/// deploy/prometheus/rules/icn-slos.yml and their promtool tests are generated from this list; docs/operations.md says
/// why each objective is what it is, what burns it, and what to do.
/// </summary>
public static class NodeSlos
{
    /// <summary>Where runbooks are when Prometheus has no <c>runbook_base</c> external label: set one to your own copy.</summary>
    public const string DefaultRunbookBase = "https://icn.example.coop/docs/operations.md";

    /// <summary>The generated files, relative to deploy/prometheus.</summary>
    public const string RulesFile = "rules/icn-slos.yml", TestsFile = "tests/icn-slos.test.yml";

    private static readonly string s_running = $"{SystemCatalogue.ActorsActive.Name}";

    public static IReadOnlyList<ServiceLevelObjective> All { get; } =
    [
        new("rpc_availability", "IcnSloRpcAvailability", "JSON-RPC calls failing", 0.999,
            $"sum by (job, instance) (rate({RpcCatalogue.Requests.Name}{{outcome=\"error\"}}[{{window}}])) / sum by (job, instance) (rate({RpcCatalogue.Requests.Name}[{{window}}]))",
            new CounterSample($"{RpcCatalogue.Requests.Name}{{method=\"gossip.publish\",outcome=\"ok\"}}", $"{RpcCatalogue.Requests.Name}{{method=\"gossip.publish\",outcome=\"error\"}}")),
        new("gossip_delivery", "IcnSloGossipDelivery", "gossip entries arriving only by repair", 0.99,
            $"sum by (job, instance) (rate({GossipCatalogue.AntiEntropyRepaired.Name}[{{window}}])) / sum by (job, instance) (rate({GossipCatalogue.EntriesReceived.Name}[{{window}}]))",
            new CounterSample(GossipCatalogue.EntriesReceived.Name, GossipCatalogue.AntiEntropyRepaired.Name, TotalIncludesBad: true)),
        new("connectivity", "IcnSloConnectivity", "node without peers", 0.995,
            $"1 - avg_over_time(((({NetworkCatalogue.ConnectionsActive.Name} > bool 0) and on (job, instance) ({s_running} > 0)))[{{window}}:1m])",
            new TimeSample(NetworkCatalogue.ConnectionsActive.Name) { Context = [(s_running, 4)] }),
        new("ledger_health", "IcnSloLedgerHealth", "ledger records refused as damaged or forged", 0.999,
            $"sum by (job, instance) (rate({LedgerCatalogue.Rejected.Name}{{reason=~\"bad_signature|invalid|fork\"}}[{{window}}])) / "
            + $"(sum by (job, instance) (rate({LedgerCatalogue.Transactions.Name}[{{window}}])) + sum by (job, instance) (rate({LedgerCatalogue.Rejected.Name}[{{window}}])))",
            new CounterSample(LedgerCatalogue.Transactions.Name, $"{LedgerCatalogue.Rejected.Name}{{reason=\"fork\"}}")),
    ];
}
