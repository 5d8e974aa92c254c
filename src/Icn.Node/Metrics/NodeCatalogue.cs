using Icn.Gossip;
using Icn.Ledger;
using Icn.Network;
using Icn.Node.Http;
using Icn.Node.Rpc;
using Icn.Observability.Catalogue;
using Icn.Observability.Registry;
using Icn.Storage;
using Icn.Trust;

namespace Icn.Node.Metrics;

/// <summary>
/// Every metric icnd exposes, composed from the catalogues of the modules that own them, in exposition
/// order. /metrics, docs/metrics.md, the Grafana dashboard and the contract tests all read this list.
/// Names, types and HELP texts of the source document's metrics are a public contract: dashboards and
/// alerts depend on them, so they never change.
/// </summary>
public static class NodeCatalogue
{
    /// <summary>All families, grouped by component.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        .. NetworkCatalogue.All,
        .. GossipCatalogue.All,
        .. LedgerCatalogue.All,
        .. TrustCatalogue.All,
        .. RpcCatalogue.All,
        .. HttpCatalogue.All,
        .. StorageCatalogue.All,
        .. SystemCatalogue.All,
        .. ProcessCatalogue.All,
        BuildInfo.Metric,
    ];

    /// <summary>Finds a family by its exposed name.</summary>
    public static MetricDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>A registry holding every family from the start, with build information set.</summary>
    public static MetricRegistry CreateRegistry(BuildInfo build)
    {
        var registry = new MetricRegistry(All);
        registry.Gauge(BuildInfo.Metric, build.Version, build.Commit).Set(1);
        return registry;
    }
}
