using Icn.TestKit.Simulation;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// <c>dotnet run -c Release -- gossip-sim</c>: the simulated 100-node figures (simulated time, so they do
/// not depend on this machine): publish-to-all latency and copies per node per entry.
/// </summary>
internal static class SimulationReport
{
    public static void Run()
    {
        Console.WriteLine("| dissemination | nodes | link delay | entries | p50 | p99 | max | copies/node/entry | first entry of an author |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var eager in new[] { true, false })
        {
            foreach (var (nodes, delay) in new[] { (100, 25), (50, 25), (100, 10) })
            {
                var r = PublishToAllScenario.Run(nodes, chords: 3, TimeSpan.FromMilliseconds(delay), authors: 10, entriesPerAuthor: 20,
                    spacing: TimeSpan.FromMilliseconds(20), seed: nodes + delay, new Icn.Gossip.GossipOptions { EagerPush = eager });
                Console.WriteLine($"| {(eager ? "push along trees" : "announce and pull only")} | {r.Nodes} | {delay} ms | {r.Entries} | {r.P50Ms} ms | {r.P99Ms} ms "
                    + $"| {r.MaxMs} ms | {r.CopiesPerNodePerEntry:F3} | {r.FirstEntryCopies:F2} |");
            }
        }
    }
}
