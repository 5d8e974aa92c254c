using System.Net.Sockets;
using System.Text.Json;
using Icn.Network;
using Icn.Network.Transport;
using Icn.Node.Components;
using Icn.Rpc;

namespace Icn.Node.Rpc;

internal sealed partial class RpcDispatcher
{
    private static readonly TimeSpan s_dialTimeout = TimeSpan.FromSeconds(10);

    private PeerNetwork Net => Require(network.Network, "network", NetworkComponent.Name);

    private JsonElement Peers() => JsonSerializer.SerializeToElement(NodeViews.Peers(Net, gossip.Engine), RpcJson.Default.PeerLinkViewArray);

    private async Task<JsonElement> DialAsync(DialParams request)
    {
        if (!HostPort.TryParse(request.Address, out var address))
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: address '{request.Address}' is not HOST:PORT (an IP address or a host name, and a port)");
        }

        var expected = request.Did is { } text ? ParseDid(text, "did") : null;
        using var timeout = new CancellationTokenSource(s_dialTimeout);
        try
        {
            var peer = await Net.ConnectAsync(await address!.ResolveAsync(timeout.Token), expected, timeout.Token);
            return JsonSerializer.SerializeToElement(new PeerView(peer.ToString()), RpcJson.Default.PeerView);
        }
        catch (HandshakeException e) when (e.InnerException is SocketException)
        {
            throw new RpcException(RpcErrorCodes.Refused, $"could not connect to {address}: {e.InnerException.Message}");
        }
        catch (HandshakeException e)
        {
            throw new RpcException(RpcErrorCodes.Refused, $"{address} answered but the handshake failed: {e.Message}");
        }
        catch (SocketException e)
        {
            throw new RpcException(RpcErrorCodes.Refused, $"could not connect to {address}: {e.Message}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new RpcException(RpcErrorCodes.Refused, $"no handshake with {address} within {s_dialTimeout.TotalSeconds:0} s");
        }
    }

    private JsonElement NetworkStats()
    {
        var net = Net;
        var counted = net.Metrics;
        var stats = new NetworkStats(net.ListenEndPoint?.ToString(), net.ConnectedPeers.Count, counted.ConnectionsTotal.Value,
            counted.MessagesSent.Value, counted.MessagesReceived.Value, counted.BytesSent.Value, counted.BytesReceived.Value,
            net.KnownPeers.Count, counted.ErrorCounts(), counted.Dropped.Counts());
        return JsonSerializer.SerializeToElement(stats, RpcJson.Default.NetworkStats);
    }
}
