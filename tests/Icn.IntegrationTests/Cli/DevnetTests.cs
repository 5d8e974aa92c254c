using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Icn.IntegrationTests.Cli;

/// <summary><c>icnctl devnet up --nodes 3 --demo</c>, then <c>devnet down</c>: the README's first minute, end to end.</summary>
public sealed class DevnetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        // Whatever happened, stop what the devnet started.
        using var down = ProgramRun.IcnctlAsync(["devnet", "down", "--dir", _dir.File("devnet")]).GetAwaiter().GetResult();
        _dir.Dispose();
    }

    [Fact]
    public async Task Down_stops_a_devnet_Prometheus_that_its_state_does_not_record()
    {
        // As an interrupted up leaves it: a process marked with the devnet's Prometheus configuration, and no state.
        var folder = _dir.File("devnet");
        var mark = $"--config.file={Path.Combine(folder, "prometheus", "prometheus.yml")}";
        using var stray = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", "while :; do sleep 1; done", mark]))!;
        try
        {
            using var down = await ProgramRun.IcnctlAsync(["devnet", "down", "--dir", folder]);
            Assert.True(down.ExitCode == 0, down.Output);
            Assert.Contains("stopped 1 processes of an interrupted devnet", down.Stdout, StringComparison.Ordinal);
            await Poll.UntilAsync(() => stray.HasExited, "the stray to have been stopped");
        }
        finally
        {
            if (!stray.HasExited)
            {
                stray.Kill();
            }
        }
    }

    [Fact]
    public async Task Up_with_the_demo_moves_every_node_and_down_leaves_no_process_or_port()
    {
        var folder = _dir.File("devnet");
        using var up = await ProgramRun.IcnctlAsync(["devnet", "up", "--nodes", "3", "--demo", "--dir", folder],
            deadline: TimeSpan.FromMinutes(2)); // beyond up's own 90 s, so that a node that never forms is shown with its log;
        Assert.True(up.ExitCode == 0, up.Output);
        Assert.Contains("every node is ready and connected to every other", up.Stdout, StringComparison.Ordinal);
        // The hint works as printed, typed into a shell where icnctl is on no PATH (a source checkout).
        var hint = up.Stdout.Split('\n').Single(l => l.StartsWith("try: ", StringComparison.Ordinal))["try: ".Length..];
        var shell = new System.Diagnostics.ProcessStartInfo("sh", ["-c", hint]) { RedirectStandardOutput = true, RedirectStandardError = true };
        shell.Environment["PATH"] = "/usr/bin:/bin";
        using (var tried = System.Diagnostics.Process.Start(shell)!)
        {
            var said = await tried.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await tried.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await tried.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(tried.ExitCode == 0 && said.Contains("ready", StringComparison.Ordinal), $"{hint}: {said}");
        }

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "devnet.json"), TestContext.Current.CancellationToken));
        var nodes = state.RootElement.GetProperty("nodes").EnumerateArray().Select(n => (
            Pid: n.GetProperty("pid").GetInt32(),
            Ports: new[] { n.GetProperty("p2p_port").GetInt32(), n.GetProperty("metrics_port").GetInt32(), n.GetProperty("rpc_port").GetInt32() })).ToList();
        Assert.Equal(3, nodes.Count);
        using var http = new HttpClient();
        var announces = 0.0;
        foreach (var (_, ports) in nodes)
        {
            var scrape = Scrape.Parse(await http.GetStringAsync($"http://127.0.0.1:{ports[1]}/metrics", TestContext.Current.CancellationToken));
            Assert.Equal(2, scrape["icn_network_connections_active"]);
            Assert.Equal(3, scrape["icn_ledger_transactions_total"]);
            Assert.True(scrape["icn_gossip_entries_total"] >= 6 + 4, "two rounds of three news entries, a currency and three transfers");
            Assert.True(scrape["icn_network_messages_received_total"] > 0);
            Assert.Equal(2, scrape["icn_gossip_subscriptions{scope=\"peer\"}"] / scrape["icn_gossip_topics_total"]); // every topic subscribed both ways
            announces += scrape["icn_gossip_announces_sent_total"];
        }

        Assert.True(announces > 0, "the second round follows the broadcast trees and announces to lazy peers");

        // network peers on every node: both others, with address, direction, round trip and bytes that agree with the
        // other end's view of the same link (what one sent, the other received, but for what was in flight).
        var links = new Dictionary<(string From, string To), Icn.Rpc.PeerLinkView>();
        foreach (var n in state.RootElement.GetProperty("nodes").EnumerateArray())
        {
            // The data directory alone: icnctl reads where the node answers from its rpc.addr.
            using var peers = await ProgramRun.IcnctlAsync(["--data-dir", n.GetProperty("data_directory").GetString()!, "network", "peers", "--json"]);
            Assert.True(peers.ExitCode == 0, peers.Output);
            var views = JsonSerializer.Deserialize(peers.Stdout, Icn.Rpc.RpcJson.Default.PeerLinkViewArray)!;
            Assert.Equal(2, views.Length);
            Assert.All(views, v => Assert.Matches(@"^127\.0\.0\.1:\d+$", v.Address));
            Assert.All(views, v => Assert.Contains(v.Direction, new[] { "inbound", "outbound" }));
            Assert.All(views, v => Assert.NotNull(v.SmoothedRttMs));
            foreach (var v in views)
            {
                links[(n.GetProperty("did").GetString()!, v.Did)] = v;
            }
        }

        foreach (var ((from, to), view) in links)
        {
            var other = links[(to, from)];
            Assert.NotEqual(view.Direction, other.Direction);
            Assert.InRange(other.BytesReceived, view.BytesSent - (64 * 1024), view.BytesSent + (64 * 1024));
        }

        using var status = await ProgramRun.IcnctlAsync(["devnet", "status", "--json", "--dir", folder]);
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.All(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray(), n => Assert.Equal("ready", n.GetProperty("state").GetString()));

        using var down = await ProgramRun.IcnctlAsync(["devnet", "down", "--dir", folder]);
        Assert.True(down.ExitCode == 0, down.Output);
        Assert.Contains("stopped 3 nodes", down.Stdout, StringComparison.Ordinal);
        foreach (var (pid, ports) in nodes)
        {
            await Poll.UntilAsync(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z", $"process {pid} gone");
            Assert.All(ports, port => Assert.True(Free(port), $"port {port} still taken"));
        }

        using var after = await ProgramRun.IcnctlAsync(["devnet", "status", "--dir", folder]);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("no devnet in", after.Stderr, StringComparison.Ordinal);
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
