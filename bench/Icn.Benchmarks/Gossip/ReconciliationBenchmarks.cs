using BenchmarkDotNet.Attributes;
using Icn.Gossip;
using Icn.Gossip.Reconciliation;
using Icn.TestKit.Simulation;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// Anti-entropy between two stores of 100,000 entries that differ by 10 (5 on each side): CPU time of a
/// whole reconciliation, both sides, messages encoded. Messages and bytes are printed once in setup.
/// </summary>
[MemoryDiagnoser]
public class ReconciliationBenchmarks
{
    private static readonly GossipOptions s_options = new();
    private KeyIndex _a = null!;
    private KeyIndex _b = null!;

    [Params(100_000)]
    public int Entries { get; set; }

    [Params(10)]
    public int Differences { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b, _, _) = ReconciliationExchange.Stores(Entries, Differences, seed: 1);
        var outcome = ReconciliationExchange.Run(_a, _b, s_options);
        Console.WriteLine($"// {Entries} entries, {Differences} differences: {outcome.Messages} messages ({(outcome.Messages + 1) / 2} round trips), "
            + $"{outcome.Bytes} bytes, {outcome.NeededByA.Count + outcome.NeededByB.Count} ids found");
    }

    [Benchmark(Description = "reconcile two stores")]
    public int ReconcileStores() => ReconciliationExchange.Run(_a, _b, s_options).Messages;
}
