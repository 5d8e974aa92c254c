using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Catalogue = Icn.Observability.Catalogue.MetricCatalogue.Network;

namespace Icn.Network;

/// <summary>The network's instruments, taken once from its node's registry.</summary>
public sealed class NetworkMetrics
{
    private readonly Counter[] _errors;

    public NetworkMetrics(MetricRegistry registry)
    {
        ConnectionsTotal = registry.Counter(Catalogue.ConnectionsTotal);
        ConnectionsActive = registry.Gauge(Catalogue.ConnectionsActive);
        MessagesSent = registry.Counter(Catalogue.MessagesSent);
        MessagesReceived = registry.Counter(Catalogue.MessagesReceived);
        BytesSent = registry.Counter(Catalogue.BytesSent);
        BytesReceived = registry.Counter(Catalogue.BytesReceived);
        PeersDiscovered = registry.Gauge(Catalogue.PeersDiscovered);
        DroppedRateLimited = registry.Counter(Catalogue.MessagesDropped, "rate_limited");
        DroppedQueueFull = registry.Counter(Catalogue.MessagesDropped, "queue_full");
        DialRetries = registry.Counter(Catalogue.DialRetries);
        HandshakeDuration = registry.Histogram(Catalogue.HandshakeDuration);
        ConnectionDuration = registry.Histogram(Catalogue.ConnectionDuration);
        PeerClockOffset = registry.Histogram(Catalogue.PeerClockOffset);
        SizeSent = registry.Histogram(Catalogue.MessageSize, "sent");
        SizeReceived = registry.Histogram(Catalogue.MessageSize, "received");
        // Indexed by the enum, so counting an error (a flood of rate-limited messages, say) costs no lookup or string.
        _errors = [.. Enum.GetValues<NetworkError>().Select(kind => registry.Counter(Catalogue.Errors, kind.Label()))];
    }

    public Counter ConnectionsTotal { get; }

    public Gauge ConnectionsActive { get; }

    public Counter MessagesSent { get; }

    public Counter MessagesReceived { get; }

    public Counter BytesSent { get; }

    public Counter BytesReceived { get; }

    public Gauge PeersDiscovered { get; }

    public Counter DroppedRateLimited { get; }

    public Counter DroppedQueueFull { get; }

    public Counter DialRetries { get; }

    public Histogram HandshakeDuration { get; }

    public Histogram ConnectionDuration { get; }

    public Histogram PeerClockOffset { get; }

    public Histogram SizeSent { get; }

    public Histogram SizeReceived { get; }

    /// <summary>Counts one error of a kind from <see cref="MetricCatalogue.Network.ErrorKinds"/>.</summary>
    public void Error(NetworkError kind) => _errors[(int)kind].Increment();
}

/// <summary>The closed set of network errors; labels are the catalogue's kinds.</summary>
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

public static class NetworkErrorLabels
{
    private static readonly string[] s_labels = [.. Enum.GetValues<NetworkError>().Select(error => error switch
    {
        NetworkError.RateLimited => "rate_limited",
        _ => error.ToString().ToLowerInvariant(),
    })];

    /// <summary>The catalogue's label for an error kind.</summary>
    public static string Label(this NetworkError error) => s_labels[(int)error];
}
