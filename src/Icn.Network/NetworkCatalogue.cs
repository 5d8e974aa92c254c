using Icn.Network.Sessions;
using Icn.Observability.Catalogue;
using Icn.Trust;

namespace Icn.Network;

/// <summary>Peer transport: sessions, frames and bytes, discovery.</summary>
public static class NetworkCatalogue
{
    private const string Component = "network";

    public static MetricDefinition ConnectionsTotal { get; } = MetricDefinition.Counter(Component, "icn_network_connections_total",
        "Total connections established",
        "Sessions established (handshake and identity verified), inbound and outbound. When two nodes dial each other "
        + "at once, a side that adopted the connection the other side drops counts it too.");

    public static MetricDefinition ConnectionsActive { get; } = MetricDefinition.Gauge(Component, "icn_network_connections_active",
        "Current active connections",
        "Sessions open now.");

    public static MetricDefinition MessagesSent { get; } = MetricDefinition.Counter(Component, "icn_network_messages_sent_total",
        "Total messages sent",
        "Frames written to a session, every kind; a broadcast counts one per peer reached.");

    public static MetricDefinition MessagesReceived { get; } = MetricDefinition.Counter(Component, "icn_network_messages_received_total",
        "Total messages received",
        "Frames read and decoded from a session, every kind.");

    public static MetricDefinition BytesSent { get; } = MetricDefinition.Counter(Component, "icn_network_bytes_sent_total",
        "Total bytes sent",
        "Bytes written to the socket for sent frames, framing included, TLS overhead excluded.", "bytes");

    public static MetricDefinition BytesReceived { get; } = MetricDefinition.Counter(Component, "icn_network_bytes_received_total",
        "Total bytes received",
        "Bytes read from the socket for received frames, framing included, TLS overhead excluded.", "bytes");

    public static MetricDefinition PeersDiscovered { get; } = MetricDefinition.Gauge(Component, "icn_network_peers_discovered",
        "Number of peers discovered via mDNS",
        "Distinct peers currently known from discovery (mDNS or bootstrap).");

    public static MetricDefinition Errors { get; } = MetricDefinition.Counter(Component, "icn_network_errors_total",
        "Network errors by kind",
        "Failed handshakes, identity bindings that do not verify or do not match the dialled DID, undecodable, "
        + "oversize or empty frames, idle timeouts, connections reset mid-frame, messages refused by the rate limit, and sessions "
        + "closed because this node failed handling a message (internal).",
        labels: [EnumLabels<NetworkError>.Label("kind")]);

    public static MetricDefinition MessagesDropped { get; } = MetricDefinition.Counter(Component, "icn_network_messages_dropped_total",
        "Messages dropped before delivery or sending, by reason",
        "rate_limited: inbound messages over a peer's rate limit; queue_full: outbound messages that found the peer's send queue "
        + "full (SendQueueCapacity messages or send_queue_bytes); send_budget: outbound messages that would have passed the node's "
        + "send_budget_bytes for all queues together.",
        labels: [EnumLabels<DropReason>.Label("reason")]);

    public static MetricDefinition DialRetries { get; } = MetricDefinition.Counter(Component, "icn_network_dial_retries_total",
        "Dial attempts after a failed or lost connection",
        "Reconnection attempts to wanted peers (bootstrap or discovered), after the first attempt.");

    public static MetricDefinition SessionsRefused { get; } = MetricDefinition.Counter(Component, "icn_network_sessions_refused_total",
        "Connections refused before they became sessions, by reason",
        "limit: the node's session budget (inbound: all but network.OutboundReserve) was full; per_ip: the address already held "
        + "network.max_sessions_per_ip sessions or MaxHandshakesPerIp handshakes; handshake_limit: MaxPendingHandshakes were in progress; "
        + "handshake_timeout: no verified identity within InboundHandshakeTimeout; accept_failed: accepting failed (descriptors "
        + "exhausted), and the listener backed off; banned: the peer is banned for misbehaving; untrusted: the peer's trust "
        + "class is below trust.min_inbound_class. An Isolated peer is also refused (limit) when Isolated peers hold all the "
        + "slots they may (icn_network_limit{limit=\"isolated_inbound_sessions\"}) and none of them gives way.",
        labels: [EnumLabels<SessionRefusal>.Label("reason")]);

    public static MetricDefinition PeersDisconnected { get; } = MetricDefinition.Counter(Component, "icn_network_peers_disconnected_total",
        "Sessions this node ended itself, by reason",
        "slow: a write to the peer did not complete within network WriteTimeout (30 s), or its send queue stayed full that long: "
        + "it stopped reading, or reads slower than it asks, and what was queued for it is freed; "
        + "misbehaving: more than twice the rate limit's burst dropped within 10 s, an oversize or undecodable frame, or more than "
        + "gossip MisbehaviourLimit (100) faults within 10 s (entries whose signature, id or validator fails, unasked responses, "
        + "bad requests), and the peer is banned for "
        + "network BanTime (10 min); evicted: the inbound slots were full and the peer gave way to a newcomer of its class or a higher "
        + "one (the lowest class goes first; within the newcomer's own class, the youngest session of the busiest address, once the "
        + "8 most recently useful, the 4 fastest and the older half are protected); untrusted: its trust class fell below "
        + "trust.min_inbound_class.",
        labels: [EnumLabels<DisconnectReason>.Label("reason")]);

    public static MetricDefinition PeersBanned { get; } = MetricDefinition.Gauge(Component, "icn_network_peers_banned",
        "Peers banned now",
        "Peers whose sessions are refused (reason=\"banned\") until their ban ends; at most 10,000, the oldest forgotten first.");

    public static MetricDefinition SendQueueBytes { get; } = MetricDefinition.Gauge(Component, "icn_network_send_queue_bytes",
        "Bytes waiting in send queues, all peers together",
        "Encoded messages queued for peers and not yet written; never above icn_network_limit{limit=\"send_budget_bytes\"}, "
        + "and one peer's share never above send_queue_bytes.", "bytes");

    public static MetricDefinition Limits { get; } = MetricDefinition.Gauge(Component, "icn_network_limit",
        "Connection limits in force, by limit",
        "sessions, inbound_sessions, sessions_per_ip, handshakes and handshakes_per_ip as configured or derived at start; "
        + "send_queue_bytes (one peer's queue) and send_budget_bytes (all queues together) in bytes; "
        + "isolated_inbound_sessions, the inbound slots Isolated peers may hold (all but network.trusted_inbound_share); "
        + "handshakes_per_second, inbound handshakes begun a second (the rest wait in the listen backlog); "
        + "so that a dashboard draws each ceiling beside the use.",
        labels: [EnumLabels<NetworkLimit>.Label("limit")]);

    public static MetricDefinition HandshakeDuration { get; } = MetricDefinition.Histogram(Component, "icn_network_handshake_duration_seconds",
        "Duration of successful TLS handshakes including identity verification",
        "Time from TCP connect (or accept) to a verified peer identity.",
        "seconds", [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);

    public static MetricDefinition ConnectionDuration { get; } = MetricDefinition.Histogram(Component, "icn_network_connection_duration_seconds",
        "Lifetime of closed sessions",
        "Seconds from session establishment to close, observed when a session closes.",
        "seconds", [0.1, 1, 10, 60, 300, 900, 3600, 14_400, 86_400]);

    public static MetricDefinition PeerClockOffset { get; } = MetricDefinition.Histogram(Component, "icn_network_peer_clock_offset_seconds",
        "How far peers' clocks are from this node's, absolute, from keep-alive pings",
        "One observation per Pong: the peer's clock against the middle of the ping's round trip, so accurate to half the "
        + "round trip. Each session is pinged when it opens and at least once a minute. Entries dated more than 5 minutes "
        + "ahead of the receiver are refused, so offsets above 60 s warn in the log and fire IcnPeerClockOffset.",
        "seconds", [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 3600, 86_400]);

    public static MetricDefinition PeerRoundTrip { get; } = MetricDefinition.OverPeers(Component, "icn_network_peer_rtt_seconds",
        "Keep-alive round trip of the connected peers, one observation per peer (current minus previous)",
        "Each session's smoothed round trip (RFC 6298's 1/8 rule over its pongs) as a distribution over the peers connected now: "
        + "set=\"current\" minus set=\"previous\", bucket by bucket. Series do not grow with the number of peers; "
        + "network.peers has each peer's own figure.", "seconds",
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);

    public static MetricDefinition PeerSendRate { get; } = MetricDefinition.OverPeers(Component, "icn_network_peer_send_rate_bytes",
        "Bytes per second sent to each connected peer, one observation per peer (current minus previous)",
        "Each session's bytes written over its last keep-alive check (a quarter of network.keepalive), per second, as a "
        + "distribution over the peers connected now.", "bytes",
        [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216]);

    public static MetricDefinition PeerQueueBytes { get; } = MetricDefinition.OverPeers(Component, "icn_network_peer_queue_bytes",
        "Bytes queued to each connected peer, one observation per peer (current minus previous)",
        "Each session's send queue at its last keep-alive check, as a distribution over the peers connected now: "
        + "a peer that reads slowly shows in the upper buckets before its queue fills.", "bytes",
        [0, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216]);

    public static MetricDefinition MessageSize { get; } = MetricDefinition.Histogram(Component, "icn_network_message_size_bytes",
        "Size of messages on the wire by direction, framing included",
        "Bytes of each frame sent or received, the 4-byte length prefix included.",
        "bytes", [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 10_485_760], labels: [LabelDefinition.Direction]);

    public static MetricDefinition ClassLimits { get; } = MetricDefinition.Gauge(Component, "icn_network_class_limit",
        "What one peer of a trust class may send, by class and limit",
        "messages_per_second and message_burst, bytes_per_second and byte_burst (bytes), as network budgets give them for each class.",
        labels: [EnumLabels<TrustClass>.Label("class"), EnumLabels<ClassLimit>.Label("limit")]);

    public static MetricDefinition PeersByClass { get; } = MetricDefinition.Gauge(Component, "icn_network_peers_by_class",
        "Peers with an open session, by trust class",
        "Each peer counted in the class the trust graph gives it now; a change of trust moves it at once.",
        labels: [EnumLabels<TrustClass>.Label("class")]);

    public static MetricDefinition RateLimitedByClass { get; } = MetricDefinition.Counter(Component, "icn_network_messages_rate_limited_by_class_total",
        "Inbound messages dropped over their peer's budget, by the peer's trust class",
        "The messages_dropped{reason=\"rate_limited\"} drops split by class: strangers at their budget show here as isolated.",
        labels: [EnumLabels<TrustClass>.Label("class")]);

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        ConnectionsTotal, ConnectionsActive, MessagesSent, MessagesReceived, BytesSent, BytesReceived, PeersDiscovered,
        Errors, MessagesDropped, DialRetries, SessionsRefused, PeersDisconnected, PeersBanned, SendQueueBytes, Limits, ClassLimits, PeersByClass, RateLimitedByClass, HandshakeDuration, ConnectionDuration, PeerClockOffset, PeerRoundTrip, PeerSendRate, PeerQueueBytes, MessageSize,
    ];
}
