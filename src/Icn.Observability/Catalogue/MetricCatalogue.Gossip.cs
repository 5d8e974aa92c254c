namespace Icn.Observability.Catalogue;

public static partial class MetricCatalogue
{
    /// <summary>Topic gossip: stored state and the pull protocol's messages.</summary>
    public static class Gossip
    {
        private const string Component = "gossip";

        public static MetricDefinition TopicsTotal { get; } = Gauge(Component, "icn_gossip_topics_total",
            "Total number of gossip topics",
            "Topics known now.");

        public static MetricDefinition EntriesTotal { get; } = Gauge(Component, "icn_gossip_entries_total",
            "Total entries across all topics",
            "Entries stored now, over all topics.");

        public static MetricDefinition EntriesPublished { get; } = Counter(Component, "icn_gossip_entries_published_total",
            "Total entries published",
            "Entries published by this node.");

        public static MetricDefinition EntriesReceived { get; } = Counter(Component, "icn_gossip_entries_received_total",
            "Total entries received from peers",
            "Entries from peers newly stored; duplicates are not counted here.");

        public static MetricDefinition AnnouncesSent { get; } = Counter(Component, "icn_gossip_announces_sent_total",
            "Total Announce messages sent", "Announce messages sent, one per peer per message.");

        public static MetricDefinition RequestsSent { get; } = Counter(Component, "icn_gossip_requests_sent_total",
            "Total Request messages sent", "Request messages sent, one per peer per message.");

        public static MetricDefinition ResponsesSent { get; } = Counter(Component, "icn_gossip_responses_sent_total",
            "Total Response messages sent", "Response messages sent, one per peer per message.");

        public static MetricDefinition AnnouncesReceived { get; } = Counter(Component, "icn_gossip_announces_received_total",
            "Total Announce messages received", "Announce messages received from peers.");

        public static MetricDefinition RequestsReceived { get; } = Counter(Component, "icn_gossip_requests_received_total",
            "Total Request messages received", "Request messages received from peers.");

        public static MetricDefinition ResponsesReceived { get; } = Counter(Component, "icn_gossip_responses_received_total",
            "Total Response messages received", "Response messages received from peers.");

        public static IReadOnlyList<MetricDefinition> All { get; } =
        [
            TopicsTotal, EntriesTotal, EntriesPublished, EntriesReceived,
            AnnouncesSent, RequestsSent, ResponsesSent, AnnouncesReceived, RequestsReceived, ResponsesReceived,
        ];
    }
}
