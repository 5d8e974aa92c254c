using System.CommandLine;
using System.Globalization;
using Icn.Cli.Output;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl network address | peers | dial | stats</c>.</summary>
internal static class NetworkCommands
{
    public static Command Create()
    {
        var network = new Command("network", "this node's peers and transport");
        network.Subcommands.Add(Address());
        network.Subcommands.Add(Peers());
        network.Subcommands.Add(Dial());
        network.Subcommands.Add(Stats());
        return network;
    }

    private static Command Address()
    {
        var command = new Command("address", "this node's icn://DID@HOST:PORT, for other nodes' bootstrap peers") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.StatusAsync(t), CliJson.Default.PeerAddressOutput, PeerAddress,
            status =>
            {
                var address = PeerAddress(status);
                Console.WriteLine(address.Address);
                if (!address.Address.EndsWith("@" + address.Listen, StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"icnctl: the node listens on every interface ({address.Listen}); from another machine use one of this machine's addresses instead of 127.0.0.1");
                }
            }, ct));
        return command;
    }

    /// <summary>The address another node dials: this node's DID at its P2P port, with a wildcard host made dialable here.</summary>
    private static PeerAddressOutput PeerAddress(NodeStatus status)
    {
        if (status.Did is not { } did || status.P2pAddress is not { } listen)
        {
            throw new CliException(CliProgram.Refused, status.Did is null
                ? "the node has no identity, so no peer address (run: icnctl id init, then restart icnd)"
                : "the node's peer network is not running (see: icnctl status)");
        }

        var port = listen[(listen.LastIndexOf(':') + 1)..];
        var host = DialableHost.Of(listen[..listen.LastIndexOf(':')]);
        return new PeerAddressOutput($"icn://{did}@{host}:{port}", did, listen);
    }

    private static Command Peers()
    {
        var command = new Command("peers", "the peers connected now, with each link's round trip and traffic") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.PeersAsync(t), RpcJson.Default.PeerLinkViewArray,
            peers => Table.Print(Console.Out, ["PEER", "ADDRESS", "DIR", "CLASS", "SINCE", "RTT", "SENT", "RECEIVED", "DROPS", "FAULTS", "TOPICS"],
                peers.Select(p => (IReadOnlyList<string>)[p.Did, p.Address, p.Direction, p.Class, Since(p.ConnectedSince),
                    p.SmoothedRttMs is { } rtt ? $"{rtt:0.0} ms" : "-", Quantities.Bytes(p.BytesSent), Quantities.Bytes(p.BytesReceived),
                    p.Drops.Values.Sum().ToString("N0", CultureInfo.InvariantCulture), p.Misbehaviour.ToString(CultureInfo.InvariantCulture), p.Topics.ToString(CultureInfo.InvariantCulture)])), ct));
        return command;
    }

    /// <summary>How long ago, from the ISO 8601 time the node gave: "42 s", "17 min", "3 h", "2 d".</summary>
    private static string Since(string connectedSince)
    {
        var age = DateTimeOffset.UtcNow - DateTimeOffset.Parse(connectedSince, CultureInfo.InvariantCulture);
        return age.TotalSeconds < 120 ? $"{Math.Max(0, age.TotalSeconds):0} s"
            : age.TotalMinutes < 120 ? $"{age.TotalMinutes:0} min"
            : age.TotalHours < 48 ? $"{age.TotalHours:0} h"
            : $"{age.TotalDays:0} d";
    }

    private static Command Dial()
    {
        var address = new Argument<string>("address") { Description = "the peer's HOST:PORT (an IP address or a host name), e.g. 127.0.0.1:7778" };
        var did = new Option<string>("--did") { Description = "refuse the peer unless it proves this DID" };
        var command = new Command("dial", "connect to a peer once, verifying its identity") { address, did, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result,
            (c, t) => c.DialAsync(new DialParams(result.GetValue(address)!, result.GetValue(did)), t), RpcJson.Default.PeerView,
            peer => Console.WriteLine($"connected to {peer.Did}"), ct));
        return command;
    }

    private static Command Stats()
    {
        var command = new Command("stats", "the transport's counters since the node started") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.NetworkStatsAsync(t), RpcJson.Default.NetworkStats, stats =>
        {
            static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
            Table.Print(Console.Out, ["", ""], new (string, string)[]
            {
                ("listening on", stats.ListenAddress ?? "-"),
                ("connections open", N(stats.ConnectionsActive)),
                ("connections since start", N(stats.ConnectionsTotal)),
                ("peers known", N(stats.PeersDiscovered)),
                ("messages sent / received", $"{N(stats.MessagesSent)} / {N(stats.MessagesReceived)}"),
                ("bytes sent / received", $"{N(stats.BytesSent)} / {N(stats.BytesReceived)}"),
                ("errors", string.Join(", ", stats.Errors.Where(e => e.Value > 0).Select(e => $"{e.Key} {N(e.Value)}").DefaultIfEmpty("none"))),
                ("messages dropped", string.Join(", ", stats.Dropped.Where(e => e.Value > 0).Select(e => $"{e.Key} {N(e.Value)}").DefaultIfEmpty("none"))),
            }.Select(row => (IReadOnlyList<string>)[row.Item1, row.Item2]), header: false);
        }, ct));
        return command;
    }
}
