using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Icn.Core.Identity;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Discovery;

/// <summary>
/// Finds peers on the local link by multicast DNS and advertises this node. Queries and announces
/// at start, then with growing gaps up to <see cref="DiscoveryOptions.Interval"/>; answers queries at once.
/// Only the configured interfaces are joined (by default every multicast-capable, non-loopback one).
/// </summary>
public sealed partial class MdnsDiscovery : IAsyncDisposable
{
    private static readonly IPAddress s_group = IPAddress.Parse("224.0.0.251");

    private readonly Did _self;
    private readonly int _p2pPort;
    private readonly DiscoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private int[] _interfaces = [];
    private Task _loops = Task.CompletedTask;

    public MdnsDiscovery(Did self, int p2pPort, DiscoveryOptions options, TimeProvider time, ILogger log)
    {
        _self = self;
        _p2pPort = p2pPort;
        _options = options;
        _time = time;
        _log = log;
    }

    /// <summary>Raised for each advertisement of another node (repeatedly; receivers de-duplicate).</summary>
    public event Action<PeerAddress>? PeerFound;

    /// <summary>Raised when another node says goodbye (records with TTL 0).</summary>
    public event Action<PeerAddress>? PeerLeft;

    public void Start()
    {
        _interfaces = SelectInterfaces(_options.Interfaces);
        if (_interfaces.Length == 0)
        {
            LogNoInterfaces(_log, string.Join(", ", _options.Interfaces));
            return;
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Any, _options.Port));
        foreach (var index in _interfaces)
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(s_group, index));
        }

        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        _socket = socket;
        _loops = Task.WhenAll(ReceiveLoopAsync(socket), AdvertiseLoopAsync());
        LogStarted(_log, _options.Port, _interfaces.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        // Goodbye: the same records with TTL 0, so peers forget this node now rather than never.
        Send(MdnsRecords.Announcement(_self, _p2pPort, TimeSpan.Zero));
        _socket?.Dispose();
        await _loops;
        _stopping.Dispose();
    }

    private async Task AdvertiseLoopAsync()
    {
        var gap = TimeSpan.FromSeconds(1);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                Send(MdnsRecords.Query());
                Send(MdnsRecords.Announcement(_self, _p2pPort, _options.RecordTtl));
                await Task.Delay(gap, _time, _stopping.Token);
                gap = TimeSpan.FromTicks(Math.Min(gap.Ticks * 2, _options.Interval.Ticks));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReceiveLoopAsync(Socket socket)
    {
        var buffer = new byte[9000];
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Handle(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), ((IPEndPoint)received.RemoteEndPoint).Address);
        }
    }

    private void Handle(byte[] packet, IPAddress source)
    {
        Message message;
        try
        {
            message = (Message)new Message().Read(packet, 0, packet.Length);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            return; // not ours to judge: other mDNS speakers share the port
        }

        if (MdnsRecords.IsServiceQuery(message))
        {
            Send(MdnsRecords.Announcement(_self, _p2pPort, _options.RecordTtl));
            return;
        }

        foreach (var advertisement in MdnsRecords.Peers(message, source).Where(a => a.Peer.Did != _self))
        {
            (advertisement.Leaving ? PeerLeft : PeerFound)?.Invoke(advertisement.Peer);
        }
    }

    private void Send(byte[] packet)
    {
        if (_socket is not { } socket)
        {
            return;
        }

        foreach (var index in _interfaces)
        {
            try
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(index));
                socket.SendTo(packet, new IPEndPoint(s_group, _options.Port));
            }
            catch (SocketException e)
            {
                LogSendFailed(_log, index, e.Message);
            }
        }
    }

    private static int[] SelectInterfaces(IReadOnlyList<string> names) =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown && n.Supports(NetworkInterfaceComponent.IPv4))
            .Where(n => names.Count > 0 ? names.Contains(n.Name) : n.SupportsMulticast && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(n => n.GetIPProperties().GetIPv4Properties().Index)];

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "mDNS discovery on port {Port}, {Count} interface(s)")]
    private static partial void LogStarted(ILogger logger, int port, int count);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "mDNS discovery found no usable interface (asked for: {Names}); discovery is off")]
    private static partial void LogNoInterfaces(ILogger logger, string names);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "mDNS send on interface {Index} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, int index, string reason);
}

/// <summary>mDNS discovery settings.</summary>
public sealed record DiscoveryOptions
{
    /// <summary><c>network.mdns</c>: discover and advertise on the local link. Default on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>network.mdns_dial</c>: keep discovered peers connected. Default on.</summary>
    public bool AutoDial { get; init; } = true;

    /// <summary><c>network.mdns_interfaces</c>: interface names; empty means every multicast-capable, non-loopback one.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>UDP port; 5353 is mDNS. Only tests change it.</summary>
    public int Port { get; init; } = 5353;

    /// <summary>Longest gap between queries and announcements. Default 10 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>TTL of advertised records. Default 120 s.</summary>
    public TimeSpan RecordTtl { get; init; } = TimeSpan.FromSeconds(120);
}
