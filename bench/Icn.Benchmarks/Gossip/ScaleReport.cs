using Icn.TestKit.Simulation;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// <c>dotnet run -c Release -- gossip-scale [nodes]</c>: the large simulated network (1,000 nodes by default,
/// 25 ms links, ring plus 8 random links per node) through steady publishing, churn and a healed partition.
/// Simulated time, so the latencies do not depend on this machine; memory and wall time do.
/// </summary>
internal static class ScaleReport
{
    public static void Run(int nodes)
    {
        var r = ScaleScenario.Run(nodes, chords: 8, TimeSpan.FromMilliseconds(25), authors: 20, entriesPerPhase: 10, seed: 1000);
        Console.WriteLine($"{r.Nodes} nodes, {r.Links} links, {r.BytesPerNode:N0} B of memory per simulated node, {r.WallSeconds:F0} s of wall time");
        Console.WriteLine();
        Console.WriteLine("| phase | entries | p50 publish-to-all | p99 | converged after | copies/node/entry | push B | announce B | repair B (per node per entry) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in r.Phases)
        {
            Console.WriteLine($"| {p.Name} | {p.Entries} | {p.P50Ms:F0} ms | {p.P99Ms:F0} ms | {p.ConvergedMs:F0} ms | {p.Copies:F3} | {p.PushBytes:F0} | {p.AnnounceBytes:F0} | {p.ReconcileBytes:F0} |");
        }
    }
}
