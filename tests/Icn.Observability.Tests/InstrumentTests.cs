using Icn.Observability.Instruments;

namespace Icn.Observability.Tests;

public class InstrumentTests
{
    [Fact]
    public async Task Counter_loses_no_increment_under_contention()
    {
        var counter = new Counter();
        const int PerTask = 200_000;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                counter.Increment();
            }
        })));

        Assert.Equal(8 * PerTask, counter.Value);
    }

    [Fact]
    public void Counter_never_decreases()
    {
        var counter = new Counter();
        counter.Add(5);
        counter.Add(-3);
        counter.Add(0);

        Assert.Equal(5, counter.Value);
    }

    [Fact]
    public void Gauge_sets_and_adds()
    {
        var gauge = new Gauge();
        gauge.Set(10);
        gauge.Add(-2.5);

        Assert.Equal(7.5, gauge.Value);
    }

    [Fact]
    public async Task Histogram_counts_each_observation_in_its_bucket_and_sums_them()
    {
        var histogram = new Histogram([1, 10, 100]);
        double[] values = [0.5, 1, 2, 10, 50, 1000, double.NaN];

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            foreach (var value in values)
            {
                histogram.Record(value);
            }
        })));

        var cumulative = new long[4];
        var sum = histogram.Snapshot(cumulative);
        Assert.Equal([8, 16, 20, 24], cumulative); // per task: le=1 holds 0.5 and 1; le=10 adds 2 and 10; le=100 adds 50; +Inf adds 1000; NaN is ignored
        Assert.Equal(4 * 1063.5, sum);
        Assert.Equal(24, histogram.Count);
    }

    [Theory]
    [InlineData(new[] { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 })] // Prometheus' defaults
    [InlineData(new[] { -100.0, -1, -0.001, 0, 0.001, 1, 64, 65, 1e300 })] // negative, zero, neighbours within one exponent, huge
    [InlineData(new[] { 256.0, 1024, 4096, 16384, 65536, 262144, 1048576 })] // powers of two: values exactly on the bounds
    public void Each_value_lands_in_the_first_bucket_at_or_above_it_as_a_scan_from_the_first_bound_finds(double[] bounds)
    {
        // The exponent table only chooses where the scan starts: it must never start past the right bucket.
        var histogram = new Histogram(bounds);
        var random = new Random(17);
        var values = bounds.SelectMany(b => new[] { b, Math.BitDecrement(b), Math.BitIncrement(b), b / 2, b * 2, -b })
            .Concat(Enumerable.Range(0, 20_000).Select(_ => Math.Exp(random.NextDouble() * 80 - 40) * (random.Next(4) == 0 ? -1 : 1)))
            .Concat([0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity]).ToList();
        var expected = new long[bounds.Length + 1];
        foreach (var value in values)
        {
            var bucket = 0;
            while (bucket < bounds.Length && value > bounds[bucket])
            {
                bucket++;
            }

            expected[bucket]++;
            histogram.Record(value);
        }

        var cumulative = new long[bounds.Length + 1];
        histogram.Snapshot(cumulative);
        var running = 0L;
        Assert.Equal(expected.Select(n => running += n), cumulative);
    }

    [Fact]
    public void Histogram_bounds_must_ascend() => Assert.Throws<ArgumentException>(() => new Histogram([1, 1]));
}
