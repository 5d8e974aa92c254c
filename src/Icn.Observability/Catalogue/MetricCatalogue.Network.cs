namespace Icn.Observability.Catalogue;

public static partial class MetricCatalogue
{
    /// <summary>Peer transport: sessions, frames and bytes, discovery.</summary>
    public static class Network
    {
        private const string Component = "network";

        public static MetricDefinition ConnectionsTotal { get; } = Counter(Component, "icn_network_connections_total",
            "Total connections established",
            "Sessions established (handshake and identity verified), inbound and outbound.");

        public static MetricDefinition ConnectionsActive { get; } = Gauge(Component, "icn_network_connections_active",
            "Current active connections",
            "Sessions open now.");

        public static MetricDefinition MessagesSent { get; } = Counter(Component, "icn_network_messages_sent_total",
            "Total messages sent",
            "Frames written to a session, every kind; a broadcast counts one per peer reached.");

        public static MetricDefinition MessagesReceived { get; } = Counter(Component, "icn_network_messages_received_total",
            "Total messages received",
            "Frames read and decoded from a session, every kind.");

        public static MetricDefinition BytesSent { get; } = Counter(Component, "icn_network_bytes_sent_total",
            "Total bytes sent",
            "Bytes written to the socket for sent frames, framing included, TLS overhead excluded.", "bytes");

        public static MetricDefinition BytesReceived { get; } = Counter(Component, "icn_network_bytes_received_total",
            "Total bytes received",
            "Bytes read from the socket for received frames, framing included, TLS overhead excluded.", "bytes");

        public static MetricDefinition PeersDiscovered { get; } = Gauge(Component, "icn_network_peers_discovered",
            "Number of peers discovered via mDNS",
            "Distinct peers currently known from discovery (mDNS or bootstrap).");

        public static IReadOnlyList<MetricDefinition> All { get; } =
            [ConnectionsTotal, ConnectionsActive, MessagesSent, MessagesReceived, BytesSent, BytesReceived, PeersDiscovered];
    }
}
