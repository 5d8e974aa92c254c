using Icn.Gossip.Entries;
using Icn.Observability.Catalogue;

namespace Icn.Gossip;

/// <summary>Topic gossip: stored state, dissemination and anti-entropy messages.</summary>
public static class GossipCatalogue
{
    private const string Component = "gossip";

    public static MetricDefinition TopicsTotal { get; } = MetricDefinition.Gauge(Component, "icn_gossip_topics_total",
        "Total number of gossip topics",
        "Topics known now.");

    public static MetricDefinition EntriesTotal { get; } = MetricDefinition.Gauge(Component, "icn_gossip_entries_total",
        "Total entries across all topics",
        "Entries stored now, over all topics.");

    public static MetricDefinition EntriesPublished { get; } = MetricDefinition.Counter(Component, "icn_gossip_entries_published_total",
        "Total entries published",
        "Entries published by this node.");

    public static MetricDefinition EntriesReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_entries_received_total",
        "Total entries received from peers",
        "Entries from peers newly stored; duplicates are not counted here.");

    public static MetricDefinition AnnouncesSent { get; } = MetricDefinition.Counter(Component, "icn_gossip_announces_sent_total",
        "Total Announce messages sent", "Announce messages sent, one per peer per message.");

    public static MetricDefinition RequestsSent { get; } = MetricDefinition.Counter(Component, "icn_gossip_requests_sent_total",
        "Total Request messages sent", "Request messages sent, one per peer per message.");

    public static MetricDefinition ResponsesSent { get; } = MetricDefinition.Counter(Component, "icn_gossip_responses_sent_total",
        "Total Response messages sent", "Response messages sent, one per peer per message.");

    public static MetricDefinition AnnouncesReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_announces_received_total",
        "Total Announce messages received", "Announce messages received from peers.");

    public static MetricDefinition RequestsReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_requests_received_total",
        "Total Request messages received", "Request messages received from peers.");

    public static MetricDefinition RequestsUnserved { get; } = MetricDefinition.Counter(Component, "icn_gossip_requests_unserved_total",
        "Requests left partly or wholly unanswered because the requester's send queue was full",
        "The rest of such a request is neither read from the store nor queued: a peer is served as fast as it reads.");

    public static MetricDefinition BadRequests { get; } = MetricDefinition.Counter(Component, "icn_gossip_bad_requests_total",
        "Requests for a topic this node does not carry for the requester, or for none of the entries it holds",
        "Honest peers ask only for what they were offered, so each is a misbehaviour fault (see icn_gossip_misbehaviour_limit); "
        + "a few follow from a race with eviction.");

    public static MetricDefinition MisbehaviourLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_misbehaviour_limit",
        "Faults one peer may commit within 10 s before it is disconnected and banned",
        "gossip MisbehaviourLimit: entries that fail signature, id or validator checks, unsolicited responses and bad requests all count.");

    public static MetricDefinition ResponsesReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_responses_received_total",
        "Total Response messages received", "Response messages received from peers.");

    public static MetricDefinition PushesSent { get; } = MetricDefinition.Counter(Component, "icn_gossip_pushes_sent_total",
        "Total entries pushed eagerly to peers",
        "Push messages sent along a topic's broadcast tree, one per peer per entry.");

    public static MetricDefinition PushesReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_pushes_received_total",
        "Total entries pushed eagerly by peers",
        "Push messages received from peers, new or duplicate.");

    public static MetricDefinition DuplicatesReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_duplicates_received_total",
        "Entries received that were already stored",
        "Entries in pushes and responses from peers that this node already held; each triggers a prune of that push path.");

    public static MetricDefinition EntriesRejected { get; } = MetricDefinition.Counter(Component, "icn_gossip_entries_rejected_total",
        "Entries refused, by reason",
        "Entries from peers that failed validation: a signature that does not verify, an id that does not match the content, "
        + "a payload over the limit, a topic this node does not hold, an author outside the topic's participants, or a "
        + "timestamp outside the retention window or too far in the future, or a payload the topic's validator refuses (invalid: "
        + "on ledger:* topics, anything that is not a soundly signed ledger record), or a Response entry this node never "
        + "requested (unsolicited). None is stored or forwarded.",
        labels: [EnumLabels<RejectReason>.Label("reason")]);

    public static MetricDefinition PropagationDelay { get; } = MetricDefinition.Histogram(Component, "icn_gossip_propagation_delay_seconds",
        "Delay from an entry's author timestamp to its storage here",
        "Observed for each entry from a peer newly stored; clock skew between nodes shifts it (negative delays count as 0).",
        "seconds", [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]);

    public static MetricDefinition Subscriptions { get; } = MetricDefinition.Gauge(Component, "icn_gossip_subscriptions",
        "Topic subscriptions, by scope",
        "scope=\"local\": topics this node subscribes to; scope=\"peer\": (peer, topic) subscriptions connected peers hold here.",
        labels: [new LabelDefinition("scope", ["local", "peer"])]);

    public static MetricDefinition ControlMessages { get; } = MetricDefinition.Counter(Component, "icn_gossip_control_messages_total",
        "Gossip control messages, by type and direction",
        "Subscribe, unsubscribe, subscription acknowledgements, prunes and neighbor (active view) messages, one per peer per message.",
        labels: [EnumLabels<ControlMessage>.Label("type"), LabelDefinition.Direction]);

    public static MetricDefinition ActiveViewPeers { get; } = MetricDefinition.Gauge(Component, "icn_gossip_active_view_peers",
        "Peers in the topics' active views, summed over topics",
        "(peer, topic) pairs that new entries are pushed or announced to; every other subscriber is passive (anti-entropy and standby).");

    public static MetricDefinition ActiveViewLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_active_view_limit",
        "Most peers in one topic's active view",
        "gossip.max_fanout: the most full copies of an entry this node sends, whatever the number of subscribers.");

    public static MetricDefinition InboxMessages { get; } = MetricDefinition.Gauge(Component, "icn_gossip_inbox_messages",
        "Messages from peers waiting for the gossip engine",
        "Queued between the sessions and the engine, which takes them in bursts (checked in parallel, committed in one transaction); refreshed per burst.");

    public static MetricDefinition InboxLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_inbox_limit",
        "Most messages from peers waiting for the gossip engine",
        "gossip.inbox_messages: the bound of icn_gossip_inbox_messages; when it is full, sessions wait to read (their peers' TCP windows close).");

    public static MetricDefinition PublishQueue { get; } = MetricDefinition.Gauge(Component, "icn_gossip_publish_queue",
        "Publishes waiting for their group's commit",
        "Signed by their callers and queued; one committer writes everything queued in one transaction.");

    public static MetricDefinition PublishQueueLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_publish_queue_limit",
        "Most publishes waiting for their group's commit",
        "The bound of icn_gossip_publish_queue (4,096): publishes beyond it are refused as busy (RPC -32000, reason \"busy\").");

    public static MetricDefinition MissingEntries { get; } = MetricDefinition.Gauge(Component, "icn_gossip_missing_entries",
        "Announced entries this node waits for or requests",
        "Ids announced by a peer and not yet held: each waits the graft delay (100 ms) for a push, then is requested of an announcer.");

    public static MetricDefinition MissingEntriesLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_missing_entries_limit",
        "Most announced entries this node tracks to request",
        "The bound of icn_gossip_missing_entries (16,384): beyond it announced ids are left to anti-entropy.");

    public static MetricDefinition MissingEntriesUntracked { get; } = MetricDefinition.Counter(Component, "icn_gossip_missing_entries_untracked_total",
        "Announced ids not tracked because the table of missing entries was full",
        "Left to anti-entropy, which finds them within a pass or two; a steady rise means announces outrun this node (or a peer announces ids that exist nowhere).");

    public static MetricDefinition AntiEntropyRounds { get; } = MetricDefinition.Counter(Component, "icn_gossip_anti_entropy_rounds_total",
        "Anti-entropy reconciliations started",
        "Reconciliations of one topic with one peer that this node started (periodic, or on a new subscription).");

    public static MetricDefinition AntiEntropyBytes { get; } = MetricDefinition.Counter(Component, "icn_gossip_anti_entropy_bytes_total",
        "Bytes of reconciliation messages, by direction",
        "Encoded size of Reconcile messages sent and received, envelope included, framing excluded.",
        unit: "bytes", labels: [LabelDefinition.Direction]);

    public static MetricDefinition AntiEntropyRepaired { get; } = MetricDefinition.Counter(Component, "icn_gossip_anti_entropy_entries_repaired_total",
        "Entries stored through anti-entropy",
        "Entries newly stored from responses to requests that reconciliation made, i.e. missed by dissemination.");

    public static MetricDefinition AntiEntropyFailures { get; } = MetricDefinition.Counter(Component, "icn_gossip_anti_entropy_failures_total",
        "Anti-entropy work that did not complete, by reason",
        "reason=\"round_limit\": a reconciliation still differed after gossip.max_reconcile_rounds steps and was abandoned; "
        + "\"repair_lapsed\": an entry that reconciliation requested had not arrived by the next pass.",
        labels: [EnumLabels<AntiEntropyFailure>.Label("reason")]);

    /// <summary>The label value for every topic not named in local configuration.</summary>
    public const string OtherTopic = "other";

    public static MetricDefinition TopicEntries { get; } = MetricDefinition.Gauge(Component, "icn_gossip_topic_entries",
        "Entries stored now, by topic",
        "Only topics named in local configuration get their own series (at most gossip.metric_topics_max); "
        + "all others add up in topic=\"other\", so peers cannot create series.",
        labels: [new LabelDefinition("topic") { InitialValues = [OtherTopic] }]);

    public static MetricDefinition TopicEntriesReceived { get; } = MetricDefinition.Counter(Component, "icn_gossip_topic_entries_received_total",
        "Entries from peers newly stored, by topic",
        "As icn_gossip_entries_received_total, split by the same topic rule as icn_gossip_topic_entries.",
        labels: [new LabelDefinition("topic") { InitialValues = [OtherTopic] }]);

    public static MetricDefinition TopicEntriesLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_topic_entries_limit",
        "Most entries kept, by topic",
        "Each topic's max_entries, by the topic rule of icn_gossip_topic_entries (topic=\"other\" adds up the topics it covers); "
        + "past it the oldest entries of the topic's largest author are evicted first.",
        labels: [new LabelDefinition("topic") { InitialValues = [OtherTopic] }]);

    public static MetricDefinition RefusedIds { get; } = MetricDefinition.Gauge(Component, "icn_gossip_refused_ids",
        "Ids of refused entries remembered",
        "Entries refused (for any reason) whose ids are remembered, so that anti-entropy does not fetch them again and a repeated one is not verified again.");

    public static MetricDefinition RefusedIdsLimit { get; } = MetricDefinition.Gauge(Component, "icn_gossip_refused_ids_limit",
        "Most ids of refused entries remembered",
        "The bound of icn_gossip_refused_ids; beyond it the oldest are forgotten (each is also forgotten after an hour).");

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        TopicsTotal, EntriesTotal, EntriesPublished, EntriesReceived,
        AnnouncesSent, RequestsSent, ResponsesSent, AnnouncesReceived, RequestsReceived, RequestsUnserved, BadRequests, MisbehaviourLimit, ResponsesReceived,
        PushesSent, PushesReceived, DuplicatesReceived, EntriesRejected, PropagationDelay, Subscriptions, ControlMessages,
        ActiveViewPeers, ActiveViewLimit, InboxMessages, InboxLimit, MissingEntries, MissingEntriesLimit, MissingEntriesUntracked, PublishQueue, PublishQueueLimit,
        AntiEntropyRounds, AntiEntropyBytes, AntiEntropyRepaired, AntiEntropyFailures, TopicEntries, TopicEntriesReceived,
        TopicEntriesLimit, RefusedIds, RefusedIdsLimit,
    ];
}

/// <summary>Gossip control messages: the <c>type</c> label of <c>icn_gossip_control_messages_total</c>.</summary>
public enum ControlMessage
{
    Subscribe,
    Unsubscribe,
    SubscribeAck,
    Prune,
    Neighbor,
}

/// <summary>Anti-entropy work that did not complete: the <c>reason</c> label of <c>icn_gossip_anti_entropy_failures_total</c>.</summary>
public enum AntiEntropyFailure
{
    /// <summary>A reconciliation still differed after the round limit and was abandoned.</summary>
    RoundLimit,

    /// <summary>An entry reconciliation requested had not arrived by the next pass.</summary>
    RepairLapsed,
}
