using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Icn.IntegrationTests.Operations;

/// <summary>
/// The source document's "test metrics under load": a 10-node devnet scraped by a real Prometheus (with the
/// shipped rules) under a steady offered load (40 entries a second, each stored on ten nodes) for more than five
/// minutes. What Prometheus computes must be what was offered, the closed network's sums must balance, no alert
/// may fire, and memory must level off (a node's resident memory grows until the GC's budgets are reached, about
/// 90 MB of allocation, then stays: at this load within the first two minutes).
/// </summary>
[Collection(Alone.Name)]
public sealed class SoakTests : InDevnet
{
    private const string Topic = "soak:load";
    private const int Nodes = 10;
    private const double PerPublisherPerSecond = 8;
    private static readonly TimeSpan s_load = TimeSpan.FromMinutes(5.5);
    [Fact]
    public async Task Under_a_steady_load_Prometheus_sees_what_was_offered_the_sums_balance_no_alert_fires_and_memory_levels_off()
    {
        var ct = TestContext.Current.CancellationToken;
        using var up = await ProgramRun.IcnctlAsync(["devnet", "up", "--nodes", Nodes.ToString(CultureInfo.InvariantCulture), "--prometheus", "--dir", Folder],
            deadline: TimeSpan.FromMinutes(3)); // ten nodes and Prometheus on two cores
        Assert.True(up.ExitCode == 0, up.Output);
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "devnet.json"), ct));
        var prometheus = $"http://127.0.0.1:{state.RootElement.GetProperty("prometheus_port").GetInt32()}/";
        var nodes = state.RootElement.GetProperty("nodes").EnumerateArray()
            .Select(n => (Pid: n.GetProperty("pid").GetInt32(), Rpc: RpcClient.ForNode(n.GetProperty("data_directory").GetString()!, $"127.0.0.1:{n.GetProperty("rpc_port").GetInt32()}")))
            .ToArray();
        try
        {
            foreach (var node in nodes)
            {
                await node.Rpc.CreateTopicAsync(new CreateTopicParams(Topic, MaxEntries: 100_000), ct); // never trimmed during the run
            }

            foreach (var node in nodes)
            {
                await Poll.UntilAsync(async () => (await node.Rpc.TopicsAsync(ct)).Single(t => t.Name == Topic).PeerSubscribers == Nodes - 1 ? "" : null,
                    "every node subscribed to the load's topic everywhere");
            }

            var publishers = nodes.Where((_, i) => i % 2 == 0).ToArray();
            var offered = publishers.Length * PerPublisherPerSecond;
            var rss = new List<long[]>();
            var clock = Stopwatch.StartNew();
            var sampler = SampleMemoryAsync(nodes.Select(n => n.Pid).ToArray(), clock, rss, ct);
            var published = await Task.WhenAll(publishers.Select(p => OfferAsync(p.Rpc, clock, ct)));
            var end = DateTimeOffset.UtcNow;
            await sampler;
            Assert.Equal((int)(s_load.TotalSeconds * PerPublisherPerSecond) * publishers.Length, published.Sum());

            // Prometheus' view of the last four minutes of load, once it has scraped past its end.
            await Task.Delay(TimeSpan.FromSeconds(12), ct); // two scrapes past the end; nothing else waits on this
            var at = end.AddSeconds(-5);
            var publishedRate = await ScalarAsync(prometheus, "sum(rate(icn_gossip_entries_published_total[4m]))", at);
            var receivedRate = await ScalarAsync(prometheus, "sum(rate(icn_gossip_entries_received_total[4m]))", at);
            Assert.InRange(publishedRate, offered * 0.98, offered * 1.02);
            Assert.InRange(receivedRate, offered * (Nodes - 1) * 0.98, offered * (Nodes - 1) * 1.02);
            var messagesSent = await ScalarAsync(prometheus, "sum(rate(icn_network_messages_sent_total[4m]))", at);
            var messagesReceived = await ScalarAsync(prometheus, "sum(rate(icn_network_messages_received_total[4m]))", at);
            Assert.InRange(messagesReceived, messagesSent * 0.98, messagesSent * 1.02);

            // Closed and quiet again: every entry published is held by the nine other nodes, exactly.
            var totals = await Poll.UntilAsync(async () =>
            {
                var pub = await ScalarAsync(prometheus, "sum(icn_gossip_entries_published_total)", null);
                var rec = await ScalarAsync(prometheus, "sum(icn_gossip_entries_received_total)", null);
                return rec == pub * (Nodes - 1) ? $"{pub} published, {rec} received" : null;
            }, "every node to hold every entry in Prometheus' view", TimeSpan.FromSeconds(60));
            TestContext.Current.TestOutputHelper?.WriteLine($"{totals}; rates {publishedRate:F3}/s published, {receivedRate:F3}/s received, offered {offered}/s");

            using var alerts = JsonDocument.Parse(await Http.GetStringAsync(prometheus + "api/v1/alerts", ct));
            Assert.Empty(alerts.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()));

            // Memory levels off: each node's growth over the last 1.5 minutes is at most half its growth over the 1.5 before
            // (slowing towards the GC's plateau, about 200 MiB here), or within 5% when it had already stopped, or it ends
            // within 5% of the plateau the fleet reached (a node that started lower is still catching up; a leak on every
            // node fails the first rules, a leak on one node rises above the fleet).
            TestContext.Current.TestOutputHelper?.WriteLine("RSS MiB: " + string.Join(" | ", rss.Select(s => string.Join(" ", s.Select(b => b >> 20)))));
            var plateau = rss[2].Order().ElementAt(nodes.Length / 2);
            for (var i = 0; i < nodes.Length; i++)
            {
                var (early, middle, late) = (rss[0][i], rss[1][i], rss[2][i]);
                var slowing = late - middle <= Math.Max(middle * 0.05, (middle - early) / 2.0);
                Assert.True(slowing || late <= plateau * 1.05,
                    $"node {i}: {early >> 20}, {middle >> 20} and {late >> 20} MiB at 2.5, 4 and 5.5 min (fleet median {plateau >> 20} MiB): still growing");
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Rpc.Dispose();
            }
        }
    }

    /// <summary>Publishes at a fixed rate for the load's duration, each entry on its own schedule (no drift); returns how many.</summary>
    private static async Task<int> OfferAsync(RpcClient rpc, Stopwatch clock, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / PerPublisherPerSecond);
        var count = (int)(s_load.TotalSeconds * PerPublisherPerSecond);
        for (var n = 0; n < count; n++)
        {
            var due = interval * n - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct); // the offered load's own schedule, not a wait for something to happen
            }

            await rpc.PublishAsync(new PublishParams(Topic, $"load entry {n}"), ct);
        }

        return count;
    }

    /// <summary>Every node's resident memory at 2.5, 4 and 5.5 minutes into the load.</summary>
    private static async Task SampleMemoryAsync(int[] pids, Stopwatch clock, List<long[]> samples, CancellationToken ct)
    {
        foreach (var minutes in new[] { 2.5, 4, 5.5 })
        {
            var due = TimeSpan.FromMinutes(minutes) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            samples.Add([.. pids.Select(Resident)]);
        }
    }

    private static long Resident(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) * 1024;

    private async Task<double> ScalarAsync(string prometheus, string promql, DateTimeOffset? at)
    {
        var time = at is { } t ? $"&time={t.ToUnixTimeMilliseconds() / 1000.0:F3}" : "";
        using var document = JsonDocument.Parse(await Http.GetStringAsync($"{prometheus}api/v1/query?query={Uri.EscapeDataString(promql)}{time}"));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? double.NaN : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}
