using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Engines;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// Ten real nodes on loopback (TLS sessions, SQLite stores, ring plus random links): time from a publish
/// to the moment the last node stores the entry. Five authors take turns; each author's tree is built
/// in setup. One publish per iteration, so the percentile columns are per-entry latencies.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 20, iterationCount: 300, invocationCount: 1)]
[Config(typeof(PercentileConfig))]
public class PublishToAllBenchmarks
{
    private const int Authors = 5;
    private GossipCluster _cluster = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = GossipCluster.StartAsync(10, chords: 2, seed: 10).GetAwaiter().GetResult();
        for (var author = 0; author < Authors; author++)
        {
            _cluster.PublishToAllAsync(author * 2, [0]).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// copies received per node per entry (warm-up included): {_cluster.CopiesPerNodePerEntry():F3}");
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "10 nodes: publish to stored on all")]
    public Task PublishToAll()
    {
        var author = _next++ % Authors * 2;
        return _cluster.PublishToAllAsync(author, BitConverter.GetBytes(_next));
    }
}

/// <summary>Median, p95 and p99 columns, for latency benchmarks.</summary>
public sealed class PercentileConfig : BenchmarkDotNet.Configs.ManualConfig
{
    public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, new P99Column());

    private sealed class P99Column : IColumn
    {
        public string Id => "P99";

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "99th percentile of single operations";

        public bool IsDefault(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(BenchmarkDotNet.Reports.Summary summary) => true;

        public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, BenchmarkDotNet.Reports.SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null ? "NA" : $"{statistics.Percentiles.Percentile(99) / 1e6:F3} ms";
        }
    }
}
