using System.CommandLine;
using System.Globalization;
using Icn.Cli.Monitoring;
using Icn.Cli.Output;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl status</c> (the node on one screen) and <c>icnctl top</c> (its key rates, live, from /metrics).</summary>
internal static class StatusCommands
{
    public static Command Status()
    {
        var command = new Command("status", "identity, uptime, peers, topics, ledger and readiness on one screen") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.StatusAsync(t), RpcJson.Default.NodeStatus,
            status => Table.Print(Console.Out, ["", ""], Lines(status, CommonOptions.ResolveRpcAddress(result)).Select(l => (IReadOnlyList<string>)[l.Item1, l.Item2]), header: false), ct));
        return command;
    }

    public static Command Top()
    {
        var interval = new Option<double>("--interval") { Description = "seconds between refreshes (default 2)", DefaultValueFactory = _ => 2 };
        var count = new Option<int?>("--count") { Description = "stop after this many refreshes (default: until Ctrl+C)" };
        var metricsUrl = new Option<string>("--metrics-url") { Description = "scrape this URL (default: the one the node reports)" };
        var command = new Command("top", "a live view of the node's key rates (from its /metrics) and its busiest peers (from its RPC)") { interval, count, metricsUrl };
        command.SetAction(async (result, ct) =>
        {
            var seconds = result.GetValue(interval);
            if (seconds is not (>= 0.1 and <= 3600))
            {
                await Console.Error.WriteLineAsync("icnctl: --interval must be from 0.1 to 3600 seconds");
                return CliProgram.BadUsage;
            }

            var url = result.GetValue(metricsUrl);
            if (url is null)
            {
                var code = await RpcCommand.RunAsync(result, (c, t) => c.StatusAsync(t), RpcJson.Default.NodeStatus, s => url = s.MetricsUrl, ct);
                if (code != CliProgram.Ok)
                {
                    return code;
                }

                if (url is null)
                {
                    await Console.Error.WriteLineAsync("icnctl: the node serves no /metrics (metrics.addr is none); pass --metrics-url");
                    return CliProgram.Refused;
                }
            }

            using var rpc = PanelClient(result);
            return await new TopView(new Uri(url), TimeSpan.FromSeconds(seconds), result.GetValue(count), rpc is null ? null : new PeerPanel(rpc)).RunAsync(ct);
        });
        return command;
    }

    /// <summary>The node's RPC for top's peer panel, or null when its cookie cannot be read (top then shows /metrics alone).</summary>
    private static RpcClient? PanelClient(ParseResult result)
    {
        try
        {
            return RpcClient.ForNode(CommonOptions.ResolveDataDirectory(result), CommonOptions.ResolveRpcAddress(result));
        }
        catch (RpcException)
        {
            return null;
        }
    }

    private static IEnumerable<(string, string)> Lines(NodeStatus status, string rpcAddress)
    {
        yield return ("node", status.Did ?? "no identity (run: icnctl id init, then restart icnd)");
        yield return ("version", status.Version);
        yield return ("uptime", Duration(TimeSpan.FromSeconds(status.UptimeSeconds)));
        yield return ("ready", (status.Ready ? "yes" : "NO") + " (" + string.Join(", ", status.Components.Select(c => $"{c.Key} {c.Value}")) + ")");
        foreach (var (area, problem) in status.Problems ?? new Dictionary<string, string>())
        {
            yield return ("problem", $"{area}: {problem}");
        }

        yield return ("peers", status.Peers.ToString(CultureInfo.InvariantCulture));
        yield return ("topics", status.Topics.ToString(CultureInfo.InvariantCulture));
        yield return ("ledger", status.Ledger is { } l
            ? $"{l.Currencies} currencies, {l.Accounts} accounts, {l.Transactions} transactions, {l.Quarantined} quarantined, {l.Pending} pending"
            : "not running");
        yield return ("metrics", status.MetricsUrl ?? "off");
        yield return ("p2p", status.P2pAddress ?? "off");
        yield return ("rpc", rpcAddress);
    }

    internal static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes:00}m"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes:00}m {span.Seconds:00}s"
            : $"{span.Minutes}m {span.Seconds:00}s";
}
