namespace Icn.Observability.Catalogue;

/// <summary>
/// Every metric the node exposes. Names, types and HELP texts of the source document's metrics are
/// a public contract: dashboards and alerts depend on them, so they never change.
/// </summary>
public static partial class MetricCatalogue
{
    /// <summary>All families, grouped by component in exposition order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        .. Network.All,
        .. Gossip.All,
        .. Ledger.All,
        .. Rpc.All,
        .. Storage.All,
        .. SystemMetrics.All,
        .. Build.All,
    ];

    /// <summary>Finds a family by its exposed name.</summary>
    public static MetricDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    private static MetricDefinition Counter(string component, string name, string help, string meaning, string unit = "") =>
        new(component, name, MetricKind.Counter, help, meaning) { Unit = unit };

    private static MetricDefinition Gauge(string component, string name, string help, string meaning, string unit = "") =>
        new(component, name, MetricKind.Gauge, help, meaning) { Unit = unit };
}
