using BenchmarkDotNet.Attributes;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// Three real nodes on loopback: entries published (round-robin on all three) and stored on every node.
/// Time is per entry; entries per second = 1e9 / ns. Each entry is signed, verified by two nodes and
/// committed to three SQLite files.
/// </summary>
[MemoryDiagnoser]
public class ReplicationThroughputBenchmarks
{
    private const int Entries = 1000;
    private GossipCluster _cluster = null!;

    [Params(100, 4096)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cluster = GossipCluster.StartAsync(3, chords: 0, seed: 3).GetAwaiter().GetResult();
        _cluster.PublishManyAsync(30, PayloadBytes).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// copies received per node per entry: {_cluster.CopiesPerNodePerEntry():F3}");
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Entries, Description = "3 nodes: per entry published and stored on all")]
    public Task PublishAndReplicate() => _cluster.PublishManyAsync(Entries, PayloadBytes);
}
