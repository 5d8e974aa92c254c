using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Icn.Observability.Instruments;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Icn.Benchmarks.Metrics;

/// <summary>
/// The recording path, side by side: our striped instruments, the OpenTelemetry SDK (a MeterProvider
/// listening to a System.Diagnostics.Metrics counter) and prometheus-net.
/// </summary>
[MemoryDiagnoser]
public class RecordingBenchmarks
{
    private const int PerThread = 1_000_000;

    private readonly Counter _icnCounter = new();
    private readonly Histogram _icnHistogram = new([0.01, 0.1, 1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000, 1_000_000]);
    private Meter _meter = null!;
    private MeterProvider _openTelemetry = null!;
    private Counter<long> _otelCounter = null!;
    private Histogram<double> _otelHistogram = null!;
    private Prometheus.Counter _promCounter = null!;
    private Prometheus.Histogram _promHistogram = null!;
    private readonly double _value = 42.5;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("bench.recording");
        _otelCounter = _meter.CreateCounter<long>("bench_counter");
        _otelHistogram = _meter.CreateHistogram<double>("bench_histogram");
        _openTelemetry = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name)
            .AddView("bench_histogram", new ExplicitBucketHistogramConfiguration { Boundaries = [0.01, 0.1, 1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000, 1_000_000] })
            .AddInMemoryExporter(new List<Metric>()).Build();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _promCounter = factory.CreateCounter("bench_counter", "help");
        _promHistogram = factory.CreateHistogram("bench_histogram", "help",
            new Prometheus.HistogramConfiguration { Buckets = [0.01, 0.1, 1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000, 1_000_000] });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _openTelemetry.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Description = "increment, 1 thread: ICN")]
    public void IcnIncrement() => _icnCounter.Increment();

    [Benchmark(Description = "increment, 1 thread: OpenTelemetry")]
    public void OtelIncrement() => _otelCounter.Add(1);

    [Benchmark(Description = "increment, 1 thread: prometheus-net")]
    public void PromIncrement() => _promCounter.Inc();

    // Two threads increment the same counter PerThread times each; the time is per increment as each
    // thread experiences it (wall time / PerThread), the honest figure for contention.
    [Benchmark(OperationsPerInvoke = PerThread, Description = "increment, 2 threads contending: ICN")]
    public void IcnContended() => Contend(() =>
    {
        for (var i = 0; i < PerThread; i++)
        {
            _icnCounter.Increment();
        }
    });

    [Benchmark(OperationsPerInvoke = PerThread, Description = "increment, 2 threads contending: OpenTelemetry")]
    public void OtelContended() => Contend(() =>
    {
        for (var i = 0; i < PerThread; i++)
        {
            _otelCounter.Add(1);
        }
    });

    [Benchmark(OperationsPerInvoke = PerThread, Description = "increment, 2 threads contending: prometheus-net")]
    public void PromContended() => Contend(() =>
    {
        for (var i = 0; i < PerThread; i++)
        {
            _promCounter.Inc();
        }
    });

    [Benchmark(Description = "histogram record: ICN")]
    public void IcnRecord() => _icnHistogram.Record(_value);

    [Benchmark(Description = "histogram record: OpenTelemetry")]
    public void OtelRecord() => _otelHistogram.Record(_value);

    [Benchmark(Description = "histogram record: prometheus-net")]
    public void PromRecord() => _promHistogram.Observe(_value);

    // The delegate runs the whole loop, so its call cost is paid once per thread, not per increment.
    private static void Contend(Action loop)
    {
        using var start = new Barrier(2);
        var other = new Thread(() =>
        {
            start.SignalAndWait();
            loop();
        });
        other.Start();
        start.SignalAndWait();
        loop();
        other.Join();
    }
}
