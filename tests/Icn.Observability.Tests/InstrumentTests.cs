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

    [Fact]
    public void Histogram_bounds_must_ascend() => Assert.Throws<ArgumentException>(() => new Histogram([1, 1]));
}
