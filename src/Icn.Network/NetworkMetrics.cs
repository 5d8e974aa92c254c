using Icn.Network.Sessions;
using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Trust;
using Catalogue = Icn.Network.NetworkCatalogue;

namespace Icn.Network;

/// <summary>The network's instruments, taken once from its node's registry.</summary>
public sealed class NetworkMetrics
{
    private readonly CountersBy<NetworkError> _errors;
    private readonly CountersBy<SessionRefusal> _refused;
    private readonly CountersBy<DisconnectReason> _disconnected;
    private readonly Gauge[] _limits;
    private readonly Gauge[] _peersByClass;
    private readonly CountersBy<TrustClass> _rateLimitedByClass;
    private readonly MetricRegistry _registry;

    public NetworkMetrics(MetricRegistry registry)
    {
        registry.Add(Catalogue.All);
        ConnectionsTotal = registry.Counter(Catalogue.ConnectionsTotal);
        ConnectionsActive = registry.Gauge(Catalogue.ConnectionsActive);
        MessagesSent = registry.Counter(Catalogue.MessagesSent);
        MessagesReceived = registry.Counter(Catalogue.MessagesReceived);
        BytesSent = registry.Counter(Catalogue.BytesSent);
        BytesReceived = registry.Counter(Catalogue.BytesReceived);
        PeersDiscovered = registry.Gauge(Catalogue.PeersDiscovered);
        Dropped = new CountersBy<DropReason>(registry, Catalogue.MessagesDropped);
        DialRetries = registry.Counter(Catalogue.DialRetries);
        PeersBanned = registry.Gauge(Catalogue.PeersBanned);
        SendQueueBytes = registry.Gauge(Catalogue.SendQueueBytes);
        HandshakeDuration = registry.Histogram(Catalogue.HandshakeDuration);
        ConnectionDuration = registry.Histogram(Catalogue.ConnectionDuration);
        PeerClockOffset = registry.Histogram(Catalogue.PeerClockOffset);
        PeerRoundTrip = registry.Distribution(Catalogue.PeerRoundTrip);
        PeerSendRate = registry.Distribution(Catalogue.PeerSendRate);
        PeerQueueBytes = registry.Distribution(Catalogue.PeerQueueBytes);
        SizeSent = registry.Histogram(Catalogue.MessageSize, "sent");
        SizeReceived = registry.Histogram(Catalogue.MessageSize, "received");
        // Indexed by the enum, so counting an error (a flood of rate-limited messages, say) costs no lookup or string.
        _errors = new CountersBy<NetworkError>(registry, Catalogue.Errors);
        _refused = new CountersBy<SessionRefusal>(registry, Catalogue.SessionsRefused);
        _disconnected = new CountersBy<DisconnectReason>(registry, Catalogue.PeersDisconnected);
        _limits = [.. EnumLabels<NetworkLimit>.Values.Select(limit => registry.Gauge(Catalogue.Limits, limit))];
        _peersByClass = [.. EnumLabels<TrustClass>.Values.Select(c => registry.Gauge(Catalogue.PeersByClass, c))];
        _rateLimitedByClass = new CountersBy<TrustClass>(registry, Catalogue.RateLimitedByClass);
        _registry = registry;
    }

    /// <summary>Shows each class's budget.</summary>
    public void SetBudgets(ClassBudgets budgets)
    {
        foreach (var (trustClass, budget) in budgets.All())
        {
            var name = EnumLabels<TrustClass>.Of(trustClass);
            _registry.Gauge(Catalogue.ClassLimits, name, "messages_per_second").Set(budget.MessagesPerSecond);
            _registry.Gauge(Catalogue.ClassLimits, name, "message_burst").Set(budget.MessageBurst);
            _registry.Gauge(Catalogue.ClassLimits, name, "bytes_per_second").Set(budget.BytesPerSecond);
            _registry.Gauge(Catalogue.ClassLimits, name, "byte_burst").Set(budget.ByteBurst);
        }
    }

    /// <summary>Shows how many open sessions each class holds.</summary>
    public void SetPeersByClass(IEnumerable<TrustClass> classes)
    {
        var counts = new int[_peersByClass.Length];
        foreach (var trustClass in classes)
        {
            counts[EnumLabels<TrustClass>.Index(trustClass)]++;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            _peersByClass[i].Set(counts[i]);
        }
    }

    /// <summary>Counts one inbound message dropped over the budget of a peer of <paramref name="trustClass"/>.</summary>
    public void RateLimited(TrustClass trustClass) => _rateLimitedByClass[trustClass].Increment();

    public Counter ConnectionsTotal { get; }

    public Gauge ConnectionsActive { get; }

    public Gauge SendQueueBytes { get; }

    public Counter MessagesSent { get; }

    public Counter MessagesReceived { get; }

    public Counter BytesSent { get; }

    public Counter BytesReceived { get; }

    public Gauge PeersDiscovered { get; }

    /// <summary>Messages dropped before delivery or sending, by reason.</summary>
    public CountersBy<DropReason> Dropped { get; }

    public Counter DialRetries { get; }

    public Gauge PeersBanned { get; }

    public Histogram HandshakeDuration { get; }

    public Histogram ConnectionDuration { get; }

    public Histogram PeerClockOffset { get; }

    public PeerDistribution PeerRoundTrip { get; }

    public PeerDistribution PeerSendRate { get; }

    public PeerDistribution PeerQueueBytes { get; }

    public Histogram SizeSent { get; }

    public Histogram SizeReceived { get; }

    /// <summary>Shows one limit in force.</summary>
    public void SetLimit(NetworkLimit limit, double value) => _limits[EnumLabels<NetworkLimit>.Index(limit)].Set(value);

    /// <summary>Counts one session this node ended itself.</summary>
    public void Disconnected(DisconnectReason reason) => _disconnected[reason].Increment();

    /// <summary>Counts one connection refused before it became a session.</summary>
    public void Refused(SessionRefusal reason) => _refused[reason].Increment();

    /// <summary>Counts one error of a kind.</summary>
    public void Error(NetworkError kind) => _errors[kind].Increment();

    /// <summary>Errors so far, by kind label.</summary>
    public IReadOnlyDictionary<string, long> ErrorCounts() => _errors.Counts();
}

/// <summary>The closed set of network errors: the <c>kind</c> label of <c>icn_network_errors_total</c>.</summary>
public enum NetworkError
{
    Handshake,
    Identity,
    Decode,
    Oversize,
    Timeout,
    Reset,
    RateLimited,

    /// <summary>This node failed handling a message (a bug or a failing store): the session is closed, not left unread.</summary>
    Internal,
}

/// <summary>Why a message was dropped before delivery or sending: the <c>reason</c> label of <c>icn_network_messages_dropped_total</c>.</summary>
public enum DropReason
{
    /// <summary>Inbound, over the peer's rate limit.</summary>
    RateLimited,

    /// <summary>Outbound, the peer's send queue full (in messages or in bytes).</summary>
    QueueFull,

    /// <summary>Outbound, the node's budget for bytes queued to all peers spent.</summary>
    SendBudget,
}
