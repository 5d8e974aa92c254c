using Icn.Cli.Commands;
using Icn.Rpc;

namespace Icn.Cli.Devnet;

internal sealed partial class LocalDevnet
{
    private static readonly TimeSpan s_formTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Provisions <paramref name="count"/> nodes (reusing identities already in the folder), starts them,
    /// shows progress until each is ready and connected to all the others, then prints the table.
    /// </summary>
    public async Task<int> UpAsync(int count, string icnd, bool demo, DevnetMonitoring monitoring, CancellationToken cancellationToken)
    {
        if (DevnetState.Load(Folder) is { } running && running.Nodes.Any(n => DetachedProcess.IsRunning(n.Pid, n.DataDirectory)))
        {
            await Console.Error.WriteLineAsync($"icnctl: a devnet is already running in {Folder}: see icnctl devnet status, or stop it with icnctl devnet down");
            return CliProgram.Refused;
        }

        Directory.CreateDirectory(Folder);
        output.WriteLine($"devnet in {Folder}: {count} nodes, icnd {icnd}");
        var planned = Enumerable.Range(1, count).Select(i =>
        {
            var name = $"node{i}";
            var data = Path.Combine(Folder, name);
            return new DevnetNode(name, Provision(data), 0, data, LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next());
        }).ToList();
        output.WriteLine($"identities ready ({string.Join(", ", planned.Select(n => n.Name))})");

        var nodes = planned.Select(node => node with { Pid = Start(icnd, node, planned) }).ToList();
        var state = new DevnetState(nodes, DateTimeOffset.UtcNow);
        state.Save(Folder);
        WriteTargets(nodes);

        if (!await FormAsync(nodes, cancellationToken))
        {
            await DownAsync();
            return CliProgram.Refused;
        }

        await TrustEachOtherAsync(nodes, cancellationToken);
        if (monitoring.Prometheus && !await AddMonitoringAsync(state, nodes, monitoring, cancellationToken))
        {
            output.WriteLine("the devnet keeps running without its monitoring; stop it with: icnctl devnet down");
            return CliProgram.Refused;
        }

        if (demo && !await DemoAsync(nodes, cancellationToken))
        {
            output.WriteLine("the devnet keeps running; stop it with: icnctl devnet down");
            return CliProgram.Refused;
        }

        var rows = await Task.WhenAll(nodes.Select(n => ObserveAsync(n, cancellationToken)));
        if (json)
        {
            PrintJson(rows, DevnetJson.Default.NodeObservationArray);
        }
        else
        {
            PrintTable(rows);
        }

        output.WriteLine();
        var icnctl = Programs.IcnctlCommand();
        output.WriteLine($"try: {icnctl} --data-dir {Path.GetRelativePath(Environment.CurrentDirectory, nodes[0].DataDirectory)} status");
        output.WriteLine($"stop: {icnctl} devnet down{(Folder == DefaultFolder ? "" : $" --dir {Folder}")}");
        return CliProgram.Ok;
    }

    /// <summary><c>./.icn-devnet</c> in the working directory, unless <c>$ICN_DEVNET_DIR</c> says otherwise.</summary>
    public static string DefaultFolder =>
        Path.GetFullPath(Environment.GetEnvironmentVariable("ICN_DEVNET_DIR") ?? Path.Combine(Environment.CurrentDirectory, ".icn-devnet"));

    private static int Start(string icnd, DevnetNode node, IReadOnlyList<DevnetNode> all)
    {
        string[] args =
        [
            "--data-dir", node.DataDirectory, "--password-file", PasswordFileOf(node.DataDirectory),
            "--listen", $"127.0.0.1:{node.P2pPort}", "--metrics-addr", $"127.0.0.1:{node.MetricsPort}", "--rpc-addr", node.RpcAddress,
        ];
        var environment = new Dictionary<string, string>
        {
            ["ICN_MDNS"] = "false",
            ["ICN_BOOTSTRAP_PEERS"] = string.Join(",", all.Where(n => n != node).Select(n => n.PeerUri)),
            ["ICN_GOSSIP_TOPICS"] = NewsTopic,
        };
        return DetachedProcess.Start("dotnet", [icnd, .. args], environment, Path.Combine(node.DataDirectory, LogFile));
    }

    /// <summary>Polls every node until all are ready with every other as a peer; prints each change.</summary>
    private async Task<bool> FormAsync(IReadOnlyList<DevnetNode> nodes, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_formTimeout;
        var shown = new Dictionary<string, string>();
        while (true)
        {
            var observed = await Task.WhenAll(nodes.Select(n => ObserveAsync(n, cancellationToken)));
            foreach (var o in observed)
            {
                var line = !o.Running ? "exited" : o.Ready ? $"ready, {o.Peers}/{nodes.Count - 1} peers" : "starting";
                if (shown.GetValueOrDefault(o.Node.Name) != line)
                {
                    output.WriteLine($"  {o.Node.Name}: {line}");
                    shown[o.Node.Name] = line;
                }
            }

            if (observed.All(o => o.Ready && o.Peers == nodes.Count - 1))
            {
                output.WriteLine("every node is ready and connected to every other");
                return true;
            }

            var dead = observed.FirstOrDefault(o => !o.Running);
            if (dead is not null || DateTime.UtcNow > deadline)
            {
                var culprit = dead ?? observed.First(o => !(o.Ready && o.Peers == nodes.Count - 1));
                await Console.Error.WriteLineAsync($"icnctl: {culprit.Node.Name} {(dead is null ? $"is not ready and connected after {s_formTimeout.TotalSeconds:0} s" : "exited")}; "
                    + $"the end of {Path.Combine(culprit.Node.DataDirectory, LogFile)}:");
                foreach (var line in DetachedProcess.LogTail(Path.Combine(culprit.Node.DataDirectory, LogFile), 15))
                {
                    await Console.Error.WriteLineAsync($"  {line}");
                }

                return false;
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
