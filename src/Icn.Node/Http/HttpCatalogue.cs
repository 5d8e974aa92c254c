using Icn.Observability.Catalogue;

namespace Icn.Node.Http;

/// <summary>The node's two HTTP ports: connections held, refused, and the cap each is held to.</summary>
public static class HttpCatalogue
{
    private const string Component = "http";

    private static readonly LabelDefinition s_port = EnumLabels<HttpPort>.Label("port");

    public static MetricDefinition ConnectionsActive { get; } = MetricDefinition.Gauge(Component, "icn_http_connections_active",
        "HTTP connections open, by port",
        "Connections the port holds now, idle ones included; never above icn_http_connection_limit.",
        labels: [s_port]);

    public static MetricDefinition ConnectionLimit { get; } = MetricDefinition.Gauge(Component, "icn_http_connection_limit",
        "Most HTTP connections a port holds at once",
        "Beyond it a new connection is accepted and closed at once, so that waiting clients never hold descriptors.",
        labels: [s_port]);

    public static MetricDefinition ConnectionsRefused { get; } = MetricDefinition.Counter(Component, "icn_http_connections_refused_total",
        "HTTP connections refused, by port and reason",
        "reason=\"limit\": the port held icn_http_connection_limit connections; \"per_ip\": the client's address held half of them; "
        + "\"accept_failed\": accepting failed (descriptors exhausted, say) and the port backed off before accepting again.",
        labels: [s_port, EnumLabels<HttpRefusal>.Label("reason")]);

    public static IReadOnlyList<MetricDefinition> All { get; } = [ConnectionsActive, ConnectionLimit, ConnectionsRefused];
}

/// <summary>Which of the node's HTTP ports: the <c>port</c> label.</summary>
public enum HttpPort
{
    /// <summary>JSON-RPC (<c>rpc.addr</c>).</summary>
    Rpc,

    /// <summary>Metrics, health and the status page (<c>metrics.addr</c>).</summary>
    Metrics,
}

/// <summary>Why an HTTP connection was refused: the <c>reason</c> label.</summary>
public enum HttpRefusal
{
    /// <summary>The port held as many connections as it allows.</summary>
    Limit,

    /// <summary>The client's address held half the port's connections already.</summary>
    PerIp,

    /// <summary>Accepting failed; the port backs off and goes on accepting.</summary>
    AcceptFailed,
}
