using Icn.Gossip.Entries;
using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Storage;
using Catalogue = Icn.Gossip.GossipCatalogue;

namespace Icn.Gossip;

/// <summary>
/// The gossip engine's instruments, taken once from its node's registry. Per-topic series exist only
/// for the topics named in local configuration; every other topic, however it arrived, is "other".
/// </summary>
public sealed class GossipMetrics
{
    private readonly CountersBy<RejectReason> _rejected;
    private readonly Dictionary<string, TopicSeries> _topicSeries = new(StringComparer.Ordinal);
    private readonly TopicSeries _other;

    public GossipMetrics(MetricRegistry registry, IReadOnlyList<string> metricTopics)
    {
        registry.Add(Catalogue.All);
        TopicsTotal = registry.Gauge(Catalogue.TopicsTotal);
        EntriesTotal = registry.Gauge(Catalogue.EntriesTotal);
        EntriesPublished = registry.Counter(Catalogue.EntriesPublished);
        EntriesReceived = registry.Counter(Catalogue.EntriesReceived);
        DamagedEntries = new StoreMetrics(registry, Store.Gossip).DamagedRecords;
        AnnouncesSent = registry.Counter(Catalogue.AnnouncesSent);
        RequestsSent = registry.Counter(Catalogue.RequestsSent);
        ResponsesSent = registry.Counter(Catalogue.ResponsesSent);
        AnnouncesReceived = registry.Counter(Catalogue.AnnouncesReceived);
        RequestsReceived = registry.Counter(Catalogue.RequestsReceived);
        RequestsUnserved = registry.Counter(Catalogue.RequestsUnserved);
        BadRequests = registry.Counter(Catalogue.BadRequests);
        MisbehaviourLimit = registry.Gauge(Catalogue.MisbehaviourLimit);
        ResponsesReceived = registry.Counter(Catalogue.ResponsesReceived);
        PushesSent = registry.Counter(Catalogue.PushesSent);
        PushesReceived = registry.Counter(Catalogue.PushesReceived);
        DuplicatesReceived = registry.Counter(Catalogue.DuplicatesReceived);
        PropagationDelay = registry.Histogram(Catalogue.PropagationDelay);
        LocalSubscriptions = registry.Gauge(Catalogue.Subscriptions, "local");
        PeerSubscriptions = registry.Gauge(Catalogue.Subscriptions, "peer");
        SubscribesSent = Control(registry, ControlMessage.Subscribe, "sent");
        SubscribesReceived = Control(registry, ControlMessage.Subscribe, "received");
        UnsubscribesSent = Control(registry, ControlMessage.Unsubscribe, "sent");
        UnsubscribesReceived = Control(registry, ControlMessage.Unsubscribe, "received");
        AcksSent = Control(registry, ControlMessage.SubscribeAck, "sent");
        AcksReceived = Control(registry, ControlMessage.SubscribeAck, "received");
        PrunesSent = Control(registry, ControlMessage.Prune, "sent");
        PrunesReceived = Control(registry, ControlMessage.Prune, "received");
        NeighborsSent = Control(registry, ControlMessage.Neighbor, "sent");
        NeighborsReceived = Control(registry, ControlMessage.Neighbor, "received");
        ActiveViewPeers = registry.Gauge(Catalogue.ActiveViewPeers);
        ActiveViewLimit = registry.Gauge(Catalogue.ActiveViewLimit);
        InboxMessages = registry.Gauge(Catalogue.InboxMessages);
        InboxLimit = registry.Gauge(Catalogue.InboxLimit);
        PublishQueue = registry.Gauge(Catalogue.PublishQueue);
        PublishQueueLimit = registry.Gauge(Catalogue.PublishQueueLimit);
        MissingEntries = registry.Gauge(Catalogue.MissingEntries);
        MissingEntriesLimit = registry.Gauge(Catalogue.MissingEntriesLimit);
        MissingEntriesUntracked = registry.Counter(Catalogue.MissingEntriesUntracked);
        AntiEntropyRounds = registry.Counter(Catalogue.AntiEntropyRounds);
        AntiEntropyBytesSent = registry.Counter(Catalogue.AntiEntropyBytes, "sent");
        AntiEntropyBytesReceived = registry.Counter(Catalogue.AntiEntropyBytes, "received");
        AntiEntropyRepaired = registry.Counter(Catalogue.AntiEntropyRepaired);
        AntiEntropyRoundLimit = registry.Counter(Catalogue.AntiEntropyFailures, EnumLabels<AntiEntropyFailure>.Of(AntiEntropyFailure.RoundLimit));
        AntiEntropyRepairLapsed = registry.Counter(Catalogue.AntiEntropyFailures, EnumLabels<AntiEntropyFailure>.Of(AntiEntropyFailure.RepairLapsed));
        RefusedIds = registry.Gauge(Catalogue.RefusedIds);
        RefusedIdsLimit = registry.Gauge(Catalogue.RefusedIdsLimit);
        _rejected = new CountersBy<RejectReason>(registry, Catalogue.EntriesRejected);

        foreach (var topic in metricTopics)
        {
            _topicSeries[topic] = new TopicSeries(registry, topic);
        }

        _other = new TopicSeries(registry, Catalogue.OtherTopic);
    }

    /// <summary>Ids of refused entries remembered now, and the most that are.</summary>
    public Gauge RefusedIds { get; }

    public Gauge RefusedIdsLimit { get; }

    public Gauge TopicsTotal { get; }

    public Gauge EntriesTotal { get; }

    public Counter EntriesPublished { get; }

    public Counter EntriesReceived { get; }

    /// <summary>Stored entries that failed verification when gossip.db was loaded, and were removed.</summary>
    public Counter DamagedEntries { get; }

    public Counter AnnouncesSent { get; }

    public Counter RequestsSent { get; }

    public Counter ResponsesSent { get; }

    public Counter AnnouncesReceived { get; }

    public Counter RequestsReceived { get; }

    public Counter RequestsUnserved { get; }

    public Counter BadRequests { get; }

    public Gauge MisbehaviourLimit { get; }

    public Counter ResponsesReceived { get; }

    public Counter PushesSent { get; }

    public Counter PushesReceived { get; }

    public Counter DuplicatesReceived { get; }

    public Histogram PropagationDelay { get; }

    public Gauge LocalSubscriptions { get; }

    public Gauge PeerSubscriptions { get; }

    public Counter SubscribesSent { get; }

    public Counter SubscribesReceived { get; }

    public Counter UnsubscribesSent { get; }

    public Counter UnsubscribesReceived { get; }

    public Counter AcksSent { get; }

    public Counter AcksReceived { get; }

    public Counter PrunesSent { get; }

    public Counter PrunesReceived { get; }

    public Counter NeighborsSent { get; }

    public Counter NeighborsReceived { get; }

    public Gauge ActiveViewPeers { get; }

    public Gauge ActiveViewLimit { get; }

    public Gauge InboxMessages { get; }

    public Gauge InboxLimit { get; }

    public Gauge PublishQueue { get; }

    public Gauge PublishQueueLimit { get; }

    public Gauge MissingEntries { get; }

    public Gauge MissingEntriesLimit { get; }

    public Counter MissingEntriesUntracked { get; }

    public Counter AntiEntropyRounds { get; }

    public Counter AntiEntropyBytesSent { get; }

    public Counter AntiEntropyBytesReceived { get; }

    public Counter AntiEntropyRepaired { get; }

    /// <summary>Reconciliations abandoned at the round limit.</summary>
    public Counter AntiEntropyRoundLimit { get; }

    /// <summary>Requested repairs that never arrived.</summary>
    public Counter AntiEntropyRepairLapsed { get; }

    public void Rejected(RejectReason reason) => _rejected[reason].Increment();

    private static Counter Control(MetricRegistry registry, ControlMessage type, string direction) =>
        registry.Counter(Catalogue.ControlMessages, EnumLabels<ControlMessage>.Of(type), direction);

    /// <summary>Zeroes the per-topic entry gauges, before an engine counts its store again.</summary>
    public void ResetTopicEntries()
    {
        foreach (var series in _topicSeries.Values.Append(_other))
        {
            series.Entries.Set(0);
        }
    }

    /// <summary>The per-topic series a topic records into: its own if configured, else "other".</summary>
    public TopicSeries ForTopic(string topic) => _topicSeries.GetValueOrDefault(topic, _other);

    /// <summary>One topic label value's series.</summary>
    public sealed class TopicSeries(MetricRegistry registry, string label)
    {
        public Gauge Entries { get; } = registry.Gauge(Catalogue.TopicEntries, label);

        public Gauge EntriesLimit { get; } = registry.Gauge(Catalogue.TopicEntriesLimit, label);

        public Counter EntriesReceived { get; } = registry.Counter(Catalogue.TopicEntriesReceived, label);
    }
}
