using System.Text;
using Icn.Observability.Catalogue;
using Icn.Observability.Exposition;
using Icn.Observability.Registry;

namespace Icn.Observability.Tests;

public class ExpositionTests
{
    private static readonly MetricDefinition s_requests = new("test", "icn_test_requests_total", MetricKind.Counter,
        "Requests \\ served\nso far", "meaning")
    { Labels = [new LabelDefinition("kind", ["a\"b", "plain"])] };

    private static readonly MetricDefinition s_temperature = new("test", "icn_test_temperature_celsius", MetricKind.Gauge,
        "A \"quoted\" gauge", "meaning")
    { Unit = "celsius" };

    private static readonly MetricDefinition s_latency = new("test", "icn_test_latency_seconds", MetricKind.Histogram,
        "Latency", "meaning")
    { Unit = "seconds", Buckets = [0.1, 1] };

    [Fact]
    public void Prometheus_text_matches_the_golden_rendering()
    {
        var registry = Sample();

        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.PrometheusText));

        Assert.Equal("""
            # HELP icn_test_requests_total Requests \\ served\nso far
            # TYPE icn_test_requests_total counter
            icn_test_requests_total{kind="a\"b"} 3
            icn_test_requests_total{kind="plain"} 0
            # HELP icn_test_temperature_celsius A "quoted" gauge
            # TYPE icn_test_temperature_celsius gauge
            icn_test_temperature_celsius -1.25
            # HELP icn_test_latency_seconds Latency
            # TYPE icn_test_latency_seconds histogram
            icn_test_latency_seconds_bucket{le="0.1"} 1
            icn_test_latency_seconds_bucket{le="1"} 2
            icn_test_latency_seconds_bucket{le="+Inf"} 3
            icn_test_latency_seconds_sum 5.55
            icn_test_latency_seconds_count 3

            """.Replace("\r", "", StringComparison.Ordinal), text);
    }

    [Fact]
    public void OpenMetrics_names_counter_families_without_total_declares_units_and_ends_with_eof()
    {
        var registry = Sample();

        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.OpenMetrics));

        Assert.Equal("""
            # TYPE icn_test_requests counter
            # HELP icn_test_requests Requests \\ served\nso far
            icn_test_requests_total{kind="a\"b"} 3
            icn_test_requests_total{kind="plain"} 0
            # TYPE icn_test_temperature_celsius gauge
            # UNIT icn_test_temperature_celsius celsius
            # HELP icn_test_temperature_celsius A \"quoted\" gauge
            icn_test_temperature_celsius -1.25
            # TYPE icn_test_latency_seconds histogram
            # UNIT icn_test_latency_seconds seconds
            # HELP icn_test_latency_seconds Latency
            icn_test_latency_seconds_bucket{le="0.1"} 1
            icn_test_latency_seconds_bucket{le="1"} 2
            icn_test_latency_seconds_bucket{le="+Inf"} 3
            icn_test_latency_seconds_sum 5.55
            icn_test_latency_seconds_count 3
            # EOF

            """.Replace("\r", "", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Special_values_are_spelled_as_prometheus_expects()
    {
        var registry = new MetricRegistry([s_temperature]);
        var gauge = registry.Gauge(s_temperature);

        foreach (var (value, spelled) in new[] { (double.NaN, "NaN"), (double.PositiveInfinity, "+Inf"), (double.NegativeInfinity, "-Inf"), (1e21, "1E+21") })
        {
            gauge.Set(value);
            var text = Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.PrometheusText));
            Assert.EndsWith($"icn_test_temperature_celsius {spelled}\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_registries_never_share_a_series()
    {
        var first = new MetricRegistry([s_requests]);
        var second = new MetricRegistry([s_requests]);

        first.Counter(s_requests, "plain").Add(7);

        Assert.Equal(7, first.Counter(s_requests, "plain").Value);
        Assert.Equal(0, second.Counter(s_requests, "plain").Value);
    }

    [Fact]
    public void Registry_refuses_undeclared_label_values_and_wrong_kinds()
    {
        var registry = new MetricRegistry([s_requests, s_temperature]);

        Assert.Throws<ArgumentException>(() => registry.Counter(s_requests, "did:icn:zSomePeer"));
        Assert.Throws<ArgumentException>(() => registry.Counter(s_requests));
        Assert.Throws<ArgumentException>(() => registry.Gauge(s_requests, "plain"));
        Assert.Throws<ArgumentException>(() => registry.Gauge(s_latency));
    }

    private static MetricRegistry Sample()
    {
        var registry = new MetricRegistry([s_requests, s_temperature, s_latency]);
        registry.Counter(s_requests, "a\"b").Add(3);
        registry.Gauge(s_temperature).Set(-1.25);
        var latency = registry.Histogram(s_latency);
        latency.Record(0.05);
        latency.Record(0.5);
        latency.Record(5);
        return registry;
    }
}
