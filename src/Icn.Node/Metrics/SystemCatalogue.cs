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

    public static MetricDefinition Ready { get; } = MetricDefinition.Gauge(Component, "icn_system_ready",
        "Whether the node is ready (1) or not (0)",
        "1 when /readyz answers 200: started, every component running and no problem reported (storage, damage, catch-up); "
        + "/readyz and the status page say why not.");

    public static MetricDefinition ComponentsFailed { get; } = MetricDefinition.Gauge(Component, "icn_system_components_failed",
        "Components that failed to start or stopped on a fault",
        "Components whose state is failed now (a port that cannot be bound, a store that cannot be opened), whatever the peers.");

    public static IReadOnlyList<MetricDefinition> All { get; } = [UptimeSeconds, ActorsActive, Ready, ComponentsFailed];
}
