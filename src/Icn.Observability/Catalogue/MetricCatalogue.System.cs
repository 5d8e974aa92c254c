namespace Icn.Observability.Catalogue;

public static partial class MetricCatalogue
{
    /// <summary>The process itself; present even without an identity.</summary>
    public static class SystemMetrics
    {
        private const string Component = "system";

        public static MetricDefinition UptimeSeconds { get; } = Gauge(Component, "icn_system_uptime_seconds",
            "System uptime in seconds",
            "Seconds since the node started, refreshed every gauge interval.", "seconds");

        public static MetricDefinition ActorsActive { get; } = Gauge(Component, "icn_system_actors_active",
            "Number of active actors",
            "Components running now; 0 without an identity.");

        public static IReadOnlyList<MetricDefinition> All { get; } = [UptimeSeconds, ActorsActive];
    }

    /// <summary>What is running: version and commit, carried once instead of on every series.</summary>
    public static class Build
    {
        public static MetricDefinition Info { get; } = new("build", "icn_build_info", MetricKind.Gauge,
            "Build information of the running node; always 1",
            "Constant 1, labelled with the node's version and source commit.")
        {
            Labels = [new LabelDefinition("version"), new LabelDefinition("commit")],
        };

        public static IReadOnlyList<MetricDefinition> All { get; } = [Info];
    }
}
