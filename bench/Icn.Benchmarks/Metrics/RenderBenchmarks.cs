using System.Buffers;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Icn.Observability.Catalogue;
using Icn.Observability.Exposition;
using Icn.Observability.Registry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Icn.Benchmarks.Metrics;

/// <summary>
/// Rendering /metrics with 10,000 series (100 counter families of 100 labelled series each, every
/// series non-zero). OpenTelemetry's Prometheus serializer is internal, so it is measured through its
/// own HTTP listener on loopback with the response cache off; prometheus-net and ICN render to memory.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private const int Families = 100;
    private const int SeriesPerFamily = 100;

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly MemoryStream _stream = new(1 << 20);
    private MetricRegistry _icn = null!;
    private Prometheus.CollectorRegistry _prometheus = null!;
    private Meter _meter = null!;
    private MeterProvider _openTelemetry = null!;
    private HttpClient _http = null!;

    [GlobalSetup]
    public void Setup()
    {
        var shards = Enumerable.Range(0, SeriesPerFamily).Select(i => $"s{i}").ToArray();
        var definitions = Enumerable.Range(0, Families).Select(f => new MetricDefinition("bench", $"bench_family_{f}_total",
            MetricKind.Counter, "A benchmark counter", "A benchmark counter")
        { Labels = [new LabelDefinition("shard", shards)] }).ToArray();
        _icn = new MetricRegistry(definitions);

        _prometheus = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(_prometheus);

        _meter = new Meter("bench.render");
        var port = FreePort();
        _openTelemetry = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name)
            .AddPrometheusHttpListener(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .SetMaxMetricStreams(Families + 10)
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = SeriesPerFamily * 2 })
            .Build();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        foreach (var definition in definitions)
        {
            var prom = factory.CreateCounter(definition.Name, definition.Help, "shard");
            var otel = _meter.CreateCounter<long>(definition.Name.Replace("_total", "", StringComparison.Ordinal));
            for (var s = 0; s < SeriesPerFamily; s++)
            {
                _icn.Counter(definition, shards[s]).Add(s + 1);
                prom.WithLabels(shards[s]).Inc(s + 1);
                otel.Add(s + 1, new KeyValuePair<string, object?>("shard", shards[s]));
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _openTelemetry.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Description = "render 10,000 series: ICN")]
    public int Icn()
    {
        _buffer.ResetWrittenCount();
        ExpositionWriter.Write(_icn, ExpositionFormat.PrometheusText, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "render 10,000 series: prometheus-net")]
    public long PrometheusNet()
    {
        _stream.SetLength(0);
        _prometheus.CollectAndExportAsTextAsync(_stream).GetAwaiter().GetResult();
        return _stream.Length;
    }

    [Benchmark(Description = "render 10,000 series: OpenTelemetry (HTTP on loopback)")]
    public int OpenTelemetry() => _http.GetByteArrayAsync("metrics").GetAwaiter().GetResult().Length;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
