using System.Net;
using Icn.Core.Identity;
using Icn.Network.Discovery;
using Icn.Network.Sessions;
using Icn.Protocol.Framing;
using Icn.Trust;

namespace Icn.Network;

/// <summary>Peer network settings; every duration and size has a documented default.</summary>
public sealed record NetworkOptions
{
    /// <summary>Where to accept peers. Default 0.0.0.0:7777.</summary>
    public IPEndPoint ListenAddress { get; init; } = new(IPAddress.Any, 7777);

    /// <summary>Peers to keep connected to, from <c>icn://&lt;did&gt;@&lt;host&gt;:&lt;port&gt;</c> addresses.</summary>
    public IReadOnlyList<PeerAddress> BootstrapPeers { get; init; } = [];

    /// <summary>mDNS discovery on the local link.</summary>
    public DiscoveryOptions Discovery { get; init; } = new();

    /// <summary>Largest frame payload accepted or sent. Default 10 MiB.</summary>
    public int MaxFrameBytes { get; init; } = Frames.DefaultMaxPayload;

    /// <summary>A ping is sent after this long without sending anything. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A busy session is pinged at least this often, so that its round trip and the peer's clock offset stay measured
    /// (a quiet one is pinged every <see cref="KeepAliveInterval"/>). Default 60 s.
    /// </summary>
    public TimeSpan ClockCheckInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A peer whose clock is further than this from ours gets one warning line per session; the offset of every peer
    /// is in <c>icn_network_peer_clock_offset_seconds</c>. Default 60 s, well inside the 5 minutes an entry may be
    /// dated ahead before it is refused.
    /// </summary>
    public TimeSpan ClockOffsetWarning { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A session that receives nothing for this long is closed. Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TCP connect plus TLS handshake must finish within this. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An inbound connection must finish its TLS handshake (the peer proving its identity) within this, so
    /// that silent sockets hold a handshake slot only briefly. Default 5 s.
    /// </summary>
    public TimeSpan InboundHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Inbound TLS handshakes in progress at once; a connection beyond this is closed at once and
    /// counted (<c>sessions_refused{reason="handshake_limit"}</c>). Default 64.
    /// </summary>
    public int MaxPendingHandshakes { get; init; } = 64;

    /// <summary>
    /// Inbound handshakes in progress at once from one IP address, so that one address cannot take every
    /// handshake slot (<c>reason="per_ip"</c>). Default 8.
    /// </summary>
    public int MaxHandshakesPerIp { get; init; } = 8;

    /// <summary>
    /// Inbound handshakes begun per second, all addresses together (bursts of a fifth of a second's worth, at least
    /// one). A handshake costs both sides a few milliseconds of CPU before anyone knows who is calling, so a crowd of
    /// dialers waits in the listen backlog instead of taking the cores from established peers. Default 50.
    /// </summary>
    public double HandshakesPerSecond { get; init; } = 50;

    /// <summary>
    /// <c>network.max_sessions</c>: sessions at once, inbound and outbound. Default (null): sized from the
    /// descriptor limit at start (<see cref="Sessions.SessionBudget.Sessions"/>: 256 with 1,024 descriptors), and logged.
    /// </summary>
    public int? MaxSessions { get; init; }

    /// <summary>
    /// Session slots kept for outbound sessions (bootstrap and discovered peers this node dials): inbound
    /// sessions may take at most the rest (and at least half the budget), so a crowd of strangers never keeps the
    /// node from its own peers. Default 8.
    /// </summary>
    public int OutboundReserve { get; init; } = 8;

    /// <summary><c>network.max_sessions_per_ip</c>: inbound sessions from one IP address at once. Default 8.</summary>
    public int MaxSessionsPerIp { get; init; } = 8;

    /// <summary>
    /// A write to a peer that has not completed after this long (the peer stopped reading, and its socket
    /// buffers are full) closes the session, freeing what was queued for it; counted as
    /// <c>peers_disconnected{reason="slow"}</c>. Checked with the keep-alive, so it acts within a quarter of
    /// <see cref="KeepAliveInterval"/> after. Default 30 s.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages waiting to be written to one peer; beyond this they are dropped and counted. Default 1024.</summary>
    public int SendQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// Encoded bytes waiting to be written to one peer: a message finding the queue at this many is dropped and
    /// counted (<c>messages_dropped{reason="queue_full"}</c>), so the queue holds at most this and one message. A queue that stays full for <see cref="WriteTimeout"/> closes the session as
    /// slow. Default 4 MiB.
    /// </summary>
    public int SendQueueBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Encoded bytes waiting in all send queues together; beyond it messages are dropped and counted
    /// (<c>messages_dropped{reason="send_budget"}</c>), so that many slow readers cannot together hold more
    /// memory than this. Default 64 MiB.
    /// </summary>
    public long SendBudgetBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// What each trust class may send: messages and bytes a second and their bursts, checked per peer, bytes on each
    /// frame's length before it is decoded. Defaults in <see cref="ClassBudgets"/>: Isolated 200 messages (bursts of
    /// 1,000) and 8 MiB a second, Known 500 (2,000) and 32 MiB, Partner 1,000 (4,000) and 64 MiB, Federated 2,000 (8,000)
    /// and 128 MiB.
    /// </summary>
    public ClassBudgets Budgets { get; init; } = new();

    /// <summary>
    /// <c>trust.min_inbound_class</c>: the lowest trust class whose inbound sessions are admitted; a session whose
    /// peer falls below it (an edge removed) is closed. This node's own dials are never refused for trust. Default
    /// <see cref="TrustClass.Isolated"/>: open to any key holder, within the Isolated budget and slots.
    /// </summary>
    public TrustClass MinInboundClass { get; init; } = TrustClass.Isolated;

    /// <summary>
    /// <c>network.trusted_inbound_share</c>: the share of inbound slots that Isolated peers may never hold, so that a crowd
    /// of strangers cannot take the room a Known, Partner or Federated peer needs. Default 0.25.
    /// </summary>
    public double TrustedInboundShare { get; init; } = 0.25;

    /// <summary>
    /// A peer whose messages the rate limit drops more than twice its class's message burst within 10 s is
    /// not a burst but a flood: its session is closed (<c>peers_disconnected{reason="misbehaving"}</c>) and it is
    /// banned for this long (<c>sessions_refused{reason="banned"}</c>, <c>icn_network_peers_banned</c>). Default 10 min.
    /// </summary>
    public TimeSpan BanTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a session must last for the reconnect backoff to start again from its base delay; a shorter
    /// one counts as a failed dial. Default 10 s.
    /// </summary>
    public TimeSpan StableSessionTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; doubles per failure up to <see cref="ReconnectMaxDelay"/>, with ±20% jitter. Default 500 ms.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnect delay. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(MaxFrameBytes > 0, nameof(MaxFrameBytes), "must be positive");
        Require(KeepAliveInterval > TimeSpan.Zero && KeepAliveInterval < IdleTimeout, nameof(KeepAliveInterval), "must be positive and shorter than IdleTimeout");
        Require(ClockCheckInterval > TimeSpan.Zero, nameof(ClockCheckInterval), "must be positive");
        Require(ClockOffsetWarning > TimeSpan.Zero, nameof(ClockOffsetWarning), "must be positive");
        Require(HandshakeTimeout > TimeSpan.Zero, nameof(HandshakeTimeout), "must be positive");
        Require(MaxPendingHandshakes > 0, nameof(MaxPendingHandshakes), "must be positive");
        Require(MaxHandshakesPerIp > 0, nameof(MaxHandshakesPerIp), "must be positive");
        Require(HandshakesPerSecond > 0, nameof(HandshakesPerSecond), "must be positive");
        Require(InboundHandshakeTimeout > TimeSpan.Zero, nameof(InboundHandshakeTimeout), "must be positive");
        Require(MaxSessions is null or > 0, "network.max_sessions", "must be positive");
        Require(OutboundReserve >= 0, nameof(OutboundReserve), "must not be negative");
        Require(MaxSessionsPerIp > 0, "network.max_sessions_per_ip", "must be positive");
        Require(SendQueueCapacity > 0, nameof(SendQueueCapacity), "must be positive");
        Require(SendQueueBytes > 0, "network.send_queue_bytes", "must be positive");
        Require(SendBudgetBytes >= SendQueueBytes, "network.send_budget_bytes", "must be at least network.send_queue_bytes");
        Require(WriteTimeout > TimeSpan.Zero, nameof(WriteTimeout), "must be positive");
        Require(BanTime >= TimeSpan.Zero, nameof(BanTime), "must not be negative");
        foreach (var (trustClass, budget) in Budgets.All())
        {
            Require(budget.MessagesPerSecond > 0 && budget.MessageBurst >= 1, $"budget of {trustClass.Name()}", "must allow messages, with a burst of at least 1");
            Require(budget.BytesPerSecond > 0 && budget.ByteBurst >= MaxFrameBytes + Frames.HeaderLength, $"budget of {trustClass.Name()}",
                "must allow bytes, with a burst of at least one largest frame");
        }

        Require(Enum.IsDefined(MinInboundClass), "trust.min_inbound_class", $"must be one of {TrustClasses.Names}");
        Require(TrustedInboundShare is >= 0 and < 1, "network.trusted_inbound_share", "must be from 0 to below 1");
        Require(ReconnectBaseDelay > TimeSpan.Zero && ReconnectBaseDelay <= ReconnectMaxDelay, nameof(ReconnectBaseDelay), "must be positive and at most ReconnectMaxDelay");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"network option {name} {problem}");
        }
    }
}

/// <summary>
/// A peer's identity and where to reach it: <c>icn://&lt;did&gt;@&lt;host&gt;:&lt;port&gt;</c>, the host an IP
/// address (IPv6 in brackets) or a DNS name resolved at each dial.
/// </summary>
public sealed record PeerAddress(Did Did, string Host, int Port)
{
    public const string Scheme = "icn://";

    /// <summary>The address of a peer seen at an IP endpoint.</summary>
    public static PeerAddress Of(Did did, IPEndPoint endPoint) => new(did, endPoint.Address.ToString(), endPoint.Port);

    public static bool TryParse(string text, out PeerAddress? address)
    {
        address = null;
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text[Scheme.Length..];
        var at = rest.LastIndexOf('@');
        if (at <= 0 || !Did.TryParse(rest[..at], out var did) || !HostPort.TryParse(rest[(at + 1)..], out var where))
        {
            return false;
        }

        address = new PeerAddress(did, where!.Host, where.Port);
        return true;
    }

    /// <summary>The endpoint to dial now: the IP itself, or the first address DNS gives (IPv4 preferred).</summary>
    public Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken) => new HostPort(Host, Port).ResolveAsync(cancellationToken);

    public override string ToString() => $"{Scheme}{Did}@{new HostPort(Host, Port)}";
}
