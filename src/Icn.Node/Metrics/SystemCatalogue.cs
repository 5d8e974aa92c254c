using Icn.Observability.Catalogue;

namespace Icn.Node.Metrics;

/// <summary>The process itself; present even without an identity.</summary>
public static class SystemCatalogue
{
    private const string Component = "system";

    public static MetricDefinition UptimeSeconds { get; } = MetricDefinition.Gauge(Component, "icn_system_uptime_seconds",
        "System uptime in seconds",
        "Seconds since the node started, refreshed every gauge interval.", "seconds");

    public static MetricDefinition ActorsActive { get; } = MetricDefinition.Gauge(Component, "icn_system_actors_active",
        "Number of active actors",
        "Components running now; 0 without an identity.");

    public static IReadOnlyList<MetricDefinition> All { get; } = [UptimeSeconds, ActorsActive];
}
