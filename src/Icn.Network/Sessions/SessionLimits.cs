namespace Icn.Network.Sessions;

/// <summary>Why a connection was refused before it became a session: the <c>reason</c> label of <c>icn_network_sessions_refused_total</c>.</summary>
public enum SessionRefusal
{
    /// <summary>The node holds as many sessions as it allows (inbound: its inbound budget).</summary>
    Limit,

    /// <summary>The remote address holds as many sessions, or handshakes, as one address may.</summary>
    PerIp,

    /// <summary>As many inbound handshakes are in progress as the node runs at once.</summary>
    HandshakeLimit,

    /// <summary>The remote did not finish its handshake within the pre-authentication timeout.</summary>
    HandshakeTimeout,

    /// <summary>Accepting failed (descriptors exhausted, say); the listener backs off and goes on accepting.</summary>
    AcceptFailed,

    /// <summary>The peer is banned for misbehaving, until its ban ends.</summary>
    Banned,

    /// <summary>The peer's trust class is below <see cref="NetworkOptions.MinInboundClass"/>.</summary>
    Untrusted,
}

/// <summary>Why the node ended a peer's session itself: the <c>reason</c> label of <c>icn_network_peers_disconnected_total</c>.</summary>
public enum DisconnectReason
{
    /// <summary>The peer stopped reading: a write to it did not complete, or its queue stayed full, for the write timeout.</summary>
    Slow,

    /// <summary>The peer kept sending over its rate limit, or what no honest node sends; it is banned for a while.</summary>
    Misbehaving,

    /// <summary>The inbound slots were full and the peer gave way to a newcomer (<see cref="InboundEviction"/>).</summary>
    Evicted,

    /// <summary>The peer's trust class fell below <see cref="NetworkOptions.MinInboundClass"/>.</summary>
    Untrusted,
}

/// <summary>The connection limits in force, each exported as <c>icn_network_limit{limit}</c> so dashboards draw the ceiling.</summary>
public enum NetworkLimit
{
    Sessions,
    InboundSessions,
    SessionsPerIp,
    Handshakes,
    HandshakesPerIp,
    SendQueueBytes,
    SendBudgetBytes,
    IsolatedInboundSessions,
    HandshakesPerSecond,
}

/// <summary>The <c>limit</c> label of <c>icn_network_class_limit</c>: the parts of a <see cref="PeerBudget"/>.</summary>
public enum ClassLimit
{
    MessagesPerSecond,
    MessageBurst,
    BytesPerSecond,
    ByteBurst,
}

/// <summary>The session budget, sized from the process's descriptor limit unless configured.</summary>
public static class SessionBudget
{
    /// <summary>
    /// Descriptors kept for everything but peer sessions: the process's own (about 230 at idle: the runtime, its
    /// assemblies, the stores, the logs) and the node's two HTTP ports at their cap of 128 connections each.
    /// </summary>
    public const int ReservedDescriptors = 512;

    /// <summary>Most sessions a derived budget allows, however many descriptors there are.</summary>
    public const int Ceiling = 1000;

    /// <summary>
    /// Sessions allowed: <paramref name="configured"/> when given, else half the descriptors left after the reserve
    /// (each session holds one; the other half covers what peers cause besides, such as handshakes), between 8
    /// and <see cref="Ceiling"/>. With the usual soft limit of 1,024 that is 256.
    /// </summary>
    public static int Sessions(int? configured, long descriptors) =>
        configured ?? (int)Math.Clamp((descriptors - ReservedDescriptors) / 2, 8, Ceiling);

    /// <summary>The soft limit on open descriptors (RLIMIT_NOFILE, from /proc/self/limits); 1,024 when it cannot be read.</summary>
    public static long DescriptorLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return soft == "unlimited" ? long.MaxValue : long.TryParse(soft, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) ? limit : 1024;
        }
        catch (IOException)
        {
            return 1024;
        }
    }
}
