using System.Diagnostics;
using System.Net;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Network.Discovery;
using Icn.Network.Sessions;
using Icn.Network.Transport;
using Icn.Observability.Registry;
using Icn.Observability.Tracing;
using Icn.Protocol.Messages;
using Icn.Trust;
using Microsoft.Extensions.Logging;

namespace Icn.Network;

/// <summary>
/// The node's peer network: accepts and dials verified connections, keeps one session per peer
/// (usable both ways), hands decoded messages to the layer above, and keeps wanted peers connected.
/// </summary>
public sealed partial class PeerNetwork : IAsyncDisposable
{
    private readonly Did _self;
    private readonly NetworkOptions _options;
    private readonly NetworkMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ITransport _transport;
    private readonly Lock _gate = new();
    private readonly Dictionary<Did, PeerSession> _sessions = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _keepers = [];
    private readonly Dictionary<Did, PeerAddress> _known = [];
    private readonly Dictionary<Did, CancellationTokenSource> _keeping = [];
    private MdnsDiscovery? _discovery;
    private readonly Random _jitter;
    /// <summary>Most peers banned at once; the bans table is bounded like everything a stranger can grow.</summary>
    private const int MaxBans = 10_000;

    private readonly Dictionary<Did, long> _banned = [];
    private readonly Queue<(Did Peer, long Since)> _banOrder = new();
    private readonly int _maxSessions;
    private readonly long _descriptors;
    private readonly SendBudget _sendBudget;
    private readonly ITrustPolicy _trust;
    private IPeerHandler? _handler;

    public PeerNetwork(IdentityKeyPair identity, NetworkOptions options, MetricRegistry registry, TimeProvider time, ILoggerFactory loggers,
        int? jitterSeed = null, ITrustPolicy? trust = null)
        : this(identity.Did, options, new NetworkMetrics(registry), time, loggers,
            metrics => new TlsTcpTransport(identity, options, metrics, time, loggers.CreateLogger<TlsTcpTransport>()), jitterSeed, trust)
    {
    }

    internal PeerNetwork(Did self, NetworkOptions options, NetworkMetrics metrics, TimeProvider time, ILoggerFactory loggers,
        Func<NetworkMetrics, ITransport> transport, int? jitterSeed = null, ITrustPolicy? trust = null)
    {
        options.Validate();
        _descriptors = SessionBudget.DescriptorLimit();
        _maxSessions = SessionBudget.Sessions(options.MaxSessions, _descriptors);
        _self = self;
        _options = options;
        _metrics = metrics;
        _time = time;
        _log = loggers.CreateLogger<PeerNetwork>();
        _transport = transport(metrics);
        _sendBudget = new SendBudget(options.SendBudgetBytes, metrics.SendQueueBytes);
        _jitter = jitterSeed is { } seed ? new Random(seed) : new Random();
        metrics.SetLimit(NetworkLimit.Sessions, _maxSessions);
        metrics.SetLimit(NetworkLimit.InboundSessions, MaxInbound);
        metrics.SetLimit(NetworkLimit.SessionsPerIp, options.MaxSessionsPerIp);
        metrics.SetLimit(NetworkLimit.Handshakes, options.MaxPendingHandshakes);
        metrics.SetLimit(NetworkLimit.HandshakesPerIp, options.MaxHandshakesPerIp);
        metrics.SetLimit(NetworkLimit.SendQueueBytes, options.SendQueueBytes);
        metrics.SetLimit(NetworkLimit.SendBudgetBytes, options.SendBudgetBytes);
        metrics.SetLimit(NetworkLimit.IsolatedInboundSessions, MaxIsolatedInbound);
        metrics.SetLimit(NetworkLimit.HandshakesPerSecond, options.HandshakesPerSecond);
        metrics.SetBudgets(options.Budgets);
        metrics.SetPeersByClass([]);
        _trust = trust ?? OpenTrustPolicy.Instance;
        _trust.Changed += OnTrustChanged;
    }

    /// <summary>
    /// Sets the one handler of peers and their messages; before <see cref="StartAsync"/>, so that it hears every
    /// peer from the first. Without one, messages are read and dropped.
    /// </summary>
    public void Use(IPeerHandler handler)
    {
        if (ListenEndPoint is not null)
        {
            throw new InvalidOperationException("the handler must be set before the network starts");
        }

        _handler = handler;
    }

    /// <summary>Inbound sessions allowed: the budget less the slots kept for this node's own dials.</summary>
    private int MaxInbound => Math.Max(1, _maxSessions - Math.Min(_options.OutboundReserve, _maxSessions / 2));

    /// <summary>Inbound sessions Isolated peers may hold: all but the trusted share.</summary>
    private int MaxIsolatedInbound => Math.Max(1, MaxInbound - (int)(MaxInbound * _options.TrustedInboundShare));

    /// <summary>What this network has counted: connections, messages, bytes, errors and drops.</summary>
    public NetworkMetrics Metrics => _metrics;

    /// <summary>The address actually listened on.</summary>
    public IPEndPoint? ListenEndPoint { get; private set; }

    /// <summary>Peers with an open session now.</summary>
    /// <summary>Every session's state, in DID order (for <c>network.peers</c>).</summary>
    public IReadOnlyList<PeerLinkState> PeerStates()
    {
        PeerSession[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions.Values];
        }

        return [.. sessions.Select(s => s.State()).OrderBy(s => s.Peer.ToString(), StringComparer.Ordinal)];
    }

    public IReadOnlyList<Did> ConnectedPeers
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions.Keys];
            }
        }
    }

    /// <summary>What each open session measures: round trip and clock offset.</summary>
    public IReadOnlyList<PeerLink> Links
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions.Values.Select(s => new PeerLink(s.Peer, s.Direction, s.RoundTrip, s.ClockOffset))];
            }
        }
    }

    /// <summary>Starts listening and keeps every bootstrap peer connected.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ListenEndPoint = await _transport.ListenAsync(_options.ListenAddress, AdoptAsync, cancellationToken);
        LogListening(_log, ListenEndPoint.ToString(), _self.ToString());
        LogBudget(_log, _maxSessions, MaxInbound, _options.MaxSessionsPerIp, _descriptors, _options.MaxSessions is null ? "derived from the descriptor limit" : "network.max_sessions");
        foreach (var peer in _options.BootstrapPeers)
        {
            AddKnownPeer(peer, keepConnected: true);
        }

        if (_options.Discovery.Enabled)
        {
            _discovery = new MdnsDiscovery(_self, ListenEndPoint.Port, _options.Discovery, _time, _log);
            _discovery.PeerFound += peer => AddKnownPeer(peer, _options.Discovery.AutoDial);
            _discovery.PeerLeft += peer => ForgetPeer(peer.Did);
            _discovery.Start();
        }
    }

    /// <summary>Peers known from bootstrap configuration or discovery.</summary>
    public IReadOnlyList<PeerAddress> KnownPeers
    {
        get
        {
            lock (_gate)
            {
                return [.. _known.Values];
            }
        }
    }

    /// <summary>
    /// Records a peer learnt from configuration or discovery (counted in
    /// <c>icn_network_peers_discovered</c>) and, when asked, keeps it connected. Repeats are ignored.
    /// </summary>
    public void AddKnownPeer(PeerAddress peer, bool keepConnected)
    {
        lock (_gate)
        {
            if (peer.Did == _self || _stopping.IsCancellationRequested || !_known.TryAdd(peer.Did, peer))
            {
                return;
            }

            _metrics.PeersDiscovered.Set(_known.Count);
        }

        LogKnown(_log, peer.ToString());
        if (keepConnected)
        {
            KeepConnected(peer);
        }
    }

    /// <summary>Dials once; returns the verified peer. Throws <see cref="HandshakeException"/> (counted) on failure.</summary>
    public async Task<Did> ConnectAsync(IPEndPoint endPoint, Did? expected, CancellationToken cancellationToken)
    {
        AuthenticatedConnection connection;
        try
        {
            connection = await _transport.DialAsync(endPoint, expected, cancellationToken);
        }
        catch (HandshakeException e)
        {
            _metrics.Error(e.Kind);
            throw;
        }

        await AdoptAsync(connection);
        return connection.Peer;
    }

    /// <summary>Keeps a session with <paramref name="peer"/> open, redialling with backoff whenever it is lost.</summary>
    public void KeepConnected(PeerAddress peer)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _keeping.ContainsKey(peer.Did))
            {
                return;
            }

            var keeping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _keeping[peer.Did] = keeping;
            // On the pool, never on this thread: a dial that completes at once would adopt its session, and call the
            // layer above, under the gate (a deadlock with gossip, whose threads take their lock before this one).
            _keepers.Add(Task.Run(() => KeepConnectedAsync(peer, keeping.Token)));
        }
    }

    /// <summary>
    /// Forgets a discovered peer that said goodbye: no longer counted as known, no longer redialled.
    /// Bootstrap peers are configuration and are never forgotten.
    /// </summary>
    public void ForgetPeer(Did peer)
    {
        CancellationTokenSource? keeping;
        lock (_gate)
        {
            if (_options.BootstrapPeers.Any(b => b.Did == peer) || !_known.Remove(peer))
            {
                return;
            }

            _metrics.PeersDiscovered.Set(_known.Count);
            _keeping.Remove(peer, out keeping);
        }

        keeping?.Cancel();
        LogForgotten(_log, peer.ToString());
    }

    /// <summary>Queues a message for one peer; false when not connected or its queue is full.</summary>
    public bool Send(Did peer, Message message)
    {
        PeerSession? session;
        lock (_gate)
        {
            _sessions.TryGetValue(peer, out session);
        }

        return session is not null && session.Send(Traced(message));
    }

    /// <summary>
    /// Ends the session of a peer that misbehaved (as a layer above judged it: invalid entries, say) and bans it for
    /// <see cref="NetworkOptions.BanTime"/>; counted as <c>peers_disconnected{reason="misbehaving"}</c>.
    /// </summary>
    public void Penalize(Did peer, string reason) => SessionOf(peer)?.CloseMisbehaving(SessionClose.Normal(reason));

    /// <summary>Notes that a peer just delivered something new to this node (entries, say): it is the last to be evicted.</summary>
    public void MarkUseful(Did peer) => SessionOf(peer)?.MarkUseful();

    /// <summary>Queues a message for every connected peer; returns how many accepted it.</summary>
    public int Broadcast(Message message)
    {
        PeerSession[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions.Values];
        }

        var frame = OutboundFrame.Encode(Traced(message), _options.MaxFrameBytes); // encoded once, whatever the number of peers
        return frame is null ? 0 : sessions.Count(session => session.Send(frame));
    }

    /// <summary>
    /// The envelope for a message; sent within one of the node's spans (a publish, say), it gets a send
    /// span whose traceparent travels with it. Untraced messages (keep-alives, timers) carry none.
    /// </summary>
    private Envelope Traced(Message message)
    {
        if (Activity.Current?.Source != NodeTracing.Source)
        {
            return new Envelope(message);
        }

        using var send = NodeTracing.Start(NodeTracing.Send, _self.ToString(), ActivityKind.Producer)?.SetTag("icn.message", message.Type.ToString());
        return new Envelope(message, NodeTracing.TraceParent(send ?? Activity.Current));
    }

    public async ValueTask DisposeAsync()
    {
        _trust.Changed -= OnTrustChanged;
        await _stopping.CancelAsync();
        if (_discovery is not null)
        {
            await _discovery.DisposeAsync();
        }

        PeerSession[] sessions;
        Task[] keepers;
        lock (_gate)
        {
            sessions = [.. _sessions.Values];
            keepers = [.. _keepers];
        }

        await _transport.DisposeAsync();
        await Task.WhenAll(sessions.Select(s => s.CloseAsync(SessionClose.Normal("node stopping"))));
        await Task.WhenAll(keepers);
        lock (_gate)
        {
            foreach (var keeping in _keeping.Values)
            {
                keeping.Dispose();
            }
        }

        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information,
        Message = "sessions: at most {Sessions} ({Inbound} inbound, {PerIp} per address); descriptor limit {Descriptors}; {Origin}")]
    private static partial void LogBudget(ILogger logger, int sessions, int inbound, int perIp, long descriptors, string origin);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "peer network listening on {EndPoint} as {Did}")]
    private static partial void LogListening(ILogger logger, string endPoint, string did);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "session with {Peer} open ({Direction})")]
    private static partial void LogOpened(ILogger logger, string peer, Direction direction);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "peer {Peer} said goodbye; forgotten")]
    private static partial void LogForgotten(ILogger logger, string peer);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "peer known: {Peer}")]
    private static partial void LogKnown(ILogger logger, string peer);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Debug, Message = "dial to {Peer} failed: {Reason}; next attempt in {Delay}")]
    private static partial void LogDialFailed(ILogger logger, string peer, string reason, TimeSpan delay);
}
