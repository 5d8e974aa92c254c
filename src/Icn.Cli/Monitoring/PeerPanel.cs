using System.Globalization;
using Icn.Cli.Output;
using Icn.Rpc;

namespace Icn.Cli.Monitoring;

/// <summary>
/// <c>icnctl top</c>'s per-peer panel, from <c>network.peers</c>: the busiest links first (by bytes per second both ways
/// since the previous frame), at most <see cref="Rows"/> of them.
/// </summary>
internal sealed class PeerPanel(RpcClient rpc)
{
    public const int Rows = 10;

    private Dictionary<string, (long Sent, long Received)> _before = [];
    private DateTimeOffset _beforeAt;

    public async Task RenderAsync(TextWriter output, CancellationToken cancellationToken)
    {
        PeerLinkView[] peers;
        try
        {
            peers = await rpc.PeersAsync(cancellationToken);
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or System.Net.Sockets.SocketException)
        {
            output.WriteLine($"peers: not available ({e.Message})");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var seconds = (now - _beforeAt).TotalSeconds;
        var rows = peers.Select(p =>
        {
            var (sent, received) = _before.TryGetValue(p.Did, out var b) && seconds > 0
                ? ((p.BytesSent - b.Sent) / seconds, (p.BytesReceived - b.Received) / seconds)
                : (double.NaN, double.NaN);
            return (Peer: p, Sent: sent, Received: received);
        }).OrderByDescending(r => double.IsNaN(r.Sent) ? -1 : r.Sent + r.Received).ThenBy(r => r.Peer.Did, StringComparer.Ordinal).ToList();
        _before = peers.ToDictionary(p => p.Did, p => (p.BytesSent, p.BytesReceived));
        _beforeAt = now;

        output.WriteLine($"peers ({peers.Length}{(peers.Length > Rows ? $", the {Rows} busiest" : "")})");
        Table.Print(output, ["PEER", "ADDRESS", "CLASS", "RTT", "SENT/S", "RECEIVED/S", "QUEUED", "DROPS", "FAULTS"], rows.Take(Rows).Select(r => (IReadOnlyList<string>)
        [
            Short(r.Peer.Did), r.Peer.Address, r.Peer.Class, r.Peer.SmoothedRttMs is { } rtt ? $"{rtt.ToString("0.0", CultureInfo.InvariantCulture)} ms" : "-",
            Rate(r.Sent), Rate(r.Received), Quantities.Bytes(r.Peer.QueuedBytes),
            r.Peer.Drops.Values.Sum().ToString("N0", CultureInfo.InvariantCulture), r.Peer.Misbehaviour.ToString(CultureInfo.InvariantCulture),
        ]));
    }

    private static string Rate(double bytesPerSecond) => double.IsNaN(bytesPerSecond) ? "…" : Quantities.Bytes(Math.Max(0, bytesPerSecond));

    /// <summary>did:icn:z6Mk…VpQW: enough to tell peers apart on one line; <c>icnctl network peers</c> gives them whole.</summary>
    private static string Short(string did) => did.Length > 24 ? $"{did[..13]}…{did[^4..]}" : did;
}
