using System.Globalization;
using System.Security.Cryptography;
using Icn.Cli.Commands;
using Icn.Cli.Monitoring;
using Icn.Cli.Output;
using Icn.Identity.Keys;
using Icn.Identity.Keystore;
using Icn.Rpc;

namespace Icn.Cli.Devnet;

/// <summary>
/// A network of icnd processes on this machine's loopback, in one folder: <c>node1</c>, <c>node2</c>, …
/// each with its identity, generated passphrase file and log, and <c>devnet.json</c> saying what runs.
/// Nodes find each other through bootstrap addresses on 127.0.0.1 (see docs/devnet.md for why not mDNS).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed partial class LocalDevnet(string folder, TextWriter output, bool json = false)
{
    public const string NewsTopic = "devnet:news";

    /// <summary>Each node's output, in its data directory.</summary>
    public const string LogFile = "icnd.log";
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(15);

    public string Folder { get; } = folder;

    /// <summary>The nodes' state now, one row each; the exit code says whether every one of them runs.</summary>
    public async Task<int> StatusAsync(CancellationToken cancellationToken)
    {
        if (DevnetState.Load(Folder) is not { } state)
        {
            await Console.Error.WriteLineAsync($"icnctl: no devnet in {Folder} (start one with: icnctl devnet up)");
            return CliProgram.Refused;
        }

        var rows = await Task.WhenAll(state.Nodes.Select(node => ObserveAsync(node, cancellationToken)));
        if (json)
        {
            PrintJson(rows, DevnetJson.Default.NodeObservationArray);
        }
        else
        {
            PrintTable(rows);
            if (state.PrometheusPid is { } pid)
            {
                output.WriteLine(DetachedProcess.IsRunning(pid, PrometheusMark) ? $"Prometheus: http://127.0.0.1:{state.PrometheusPort}/" : "Prometheus: stopped");
            }

            if (state.AlertmanagerPid is { } alertmanager)
            {
                output.WriteLine(DetachedProcess.IsRunning(alertmanager, AlertmanagerMark) ? $"Alertmanager: http://127.0.0.1:{state.AlertmanagerPort}/" : "Alertmanager: stopped");
            }
        }

        return rows.All(r => r.Running) ? CliProgram.Ok : CliProgram.Refused;
    }

    /// <summary>Stops every node this folder's devnet started (SIGTERM, then SIGKILL after 15 s).</summary>
    public async Task<int> DownAsync()
    {
        var state = DevnetState.Load(Folder);
        var strays = await StopStraysAsync(state);
        if (state is null)
        {
            PrintJson(new StoppedOutput(strays), Output.CliJson.Default.StoppedOutput);
            output.WriteLine(strays > 0 ? $"stopped {strays} processes of an interrupted devnet in {Folder}" : $"no devnet in {Folder}: nothing to stop");
            return CliProgram.Ok;
        }

        var killed = await Task.WhenAll(state.Nodes.Select(n => DetachedProcess.StopAsync(n.Pid, n.DataDirectory, s_stopGrace)));
        if (state.PrometheusPid is { } prometheus)
        {
            await DetachedProcess.StopAsync(prometheus, PrometheusMark, s_stopGrace);
            output.WriteLine("stopped Prometheus");
        }

        if (state.AlertmanagerPid is { } alertmanager)
        {
            await DetachedProcess.StopAsync(alertmanager, AlertmanagerMark, s_stopGrace);
            output.WriteLine("stopped Alertmanager");
        }

        DevnetState.Delete(Folder);
        PrintJson(new StoppedOutput(state.Nodes.Count), Output.CliJson.Default.StoppedOutput);
        output.WriteLine($"stopped {state.Nodes.Count} nodes{(killed.Any(k => k) ? $" ({killed.Count(k => k)} did not stop within {s_stopGrace.TotalSeconds:0} s and were killed)" : "")}; "
            + $"their data stays in {Folder}");
        return CliProgram.Ok;
    }

    /// <summary>
    /// Stops this devnet's Prometheus and nodes that its state does not record (an <c>up</c> interrupted between starting
    /// them and saving the state, or a state file lost): found by their marks, the configuration and data directories
    /// under the devnet's folder. Returns how many there were.
    /// </summary>
    private async Task<int> StopStraysAsync(DevnetState? state)
    {
        HashSet<int> recorded = state is null ? [] : [.. state.Nodes.Select(n => n.Pid), state.PrometheusPid ?? 0, state.AlertmanagerPid ?? 0];
        var nodes = Path.Combine(Folder, "node");
        var strays = DetachedProcess.Find(arg => arg == PrometheusMark || arg == AlertmanagerMark || arg.StartsWith(nodes, StringComparison.Ordinal))
            .Where(p => !recorded.Contains(p)).ToList();
        foreach (var pid in strays)
        {
            var mark = DetachedProcess.IsRunning(pid, PrometheusMark) ? PrometheusMark : DetachedProcess.IsRunning(pid, AlertmanagerMark) ? AlertmanagerMark : "--data-dir";
            await DetachedProcess.StopAsync(pid, mark, s_stopGrace);
        }

        return strays.Count;
    }

    /// <summary>Creates a node's folder, passphrase file and identity unless they exist; returns its DID.</summary>
    private static string Provision(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordFile = PasswordFileOf(dataDirectory);
        if (!File.Exists(passwordFile))
        {
            using var file = new FileStream(passwordFile, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
        }

        var keystore = IdentityKeystore.InDataDirectory(dataDirectory);
        if (!keystore.Exists)
        {
            var passphrase = Identity.Passphrases.PasswordFile.Read(passwordFile);
            try
            {
                using var key = IdentityKeyPair.Generate();
                keystore.Create(key, passphrase);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passphrase);
            }
        }

        return keystore.ReadDid().ToString();
    }

    private static string PasswordFileOf(string dataDirectory) => Path.Combine(dataDirectory, "passphrase");

    /// <summary>What one node says about itself now, over RPC and /metrics.</summary>
    private static async Task<NodeObservation> ObserveAsync(DevnetNode node, CancellationToken cancellationToken)
    {
        if (!DetachedProcess.IsRunning(node.Pid, node.DataDirectory))
        {
            return new NodeObservation(node, false, false, 0, 0, 0, "stopped");
        }

        try
        {
            using var client = RpcClient.ForNode(node.DataDirectory, node.RpcAddress);
            var status = await client.StatusAsync(cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var metrics = MetricsSnapshot.Parse(await http.GetStringAsync(node.MetricsUrl, cancellationToken), DateTimeOffset.UtcNow);
            return new NodeObservation(node, true, status.Ready, status.Peers, (long)metrics["icn_gossip_entries_total"],
                (long)metrics["icn_ledger_transactions_total"], status.Ready ? "ready" : "starting");
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            return new NodeObservation(node, true, false, 0, 0, 0, "starting");
        }
    }

    /// <summary>With <c>--json</c>, the result on standard output (progress and notes go to <c>output</c>, standard error, then).</summary>
    private void PrintJson<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, type));
        }
    }

    private void PrintTable(IEnumerable<NodeObservation> rows) =>
        Table.Print(output, ["NODE", "STATUS", "PEERS", "ENTRIES", "TRANSACTIONS", "PID", "RPC", "METRICS", "DID"], rows.Select(r => (IReadOnlyList<string>)
        [
            r.Node.Name, r.State, Text(r.Peers), Text(r.Entries), Text(r.Transactions), Text(r.Node.Pid), r.Node.RpcAddress, r.Node.MetricsUrl, r.Node.Did,
        ]));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One node as <c>devnet status</c> shows it.</summary>
internal sealed record NodeObservation(DevnetNode Node, bool Running, bool Ready, int Peers, long Entries, long Transactions, string State);
