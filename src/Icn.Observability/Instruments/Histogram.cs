using System.Runtime.CompilerServices;

namespace Icn.Observability.Instruments;

/// <summary>
/// Counts observations into fixed buckets and keeps their sum; striped per processor, allocation-free.
/// The count is derived from the buckets at read time, so a snapshot is always self-consistent.
/// </summary>
public sealed class Histogram
{
    private readonly BucketIndex _index;
    private readonly double[] _bounds;
    private readonly long[] _cells;
    private readonly int _stride;
    private const int SumIndex = 0;
    private const int FirstBucket = 1;

    /// <summary>Creates a histogram with ascending finite upper bounds; +Inf is implied.</summary>
    public Histogram(IReadOnlyList<double> upperBounds)
    {
        _index = BucketIndex.For(upperBounds);
        _bounds = _index.Bounds;
        // The sum first, then the buckets: a histogram with up to 7 buckets writes one cache line per observation.
        _cells = Stripes.Allocate(_bounds.Length + 2, out _stride);
    }

    /// <summary>The finite upper bounds.</summary>
    public IReadOnlyList<double> UpperBounds => _bounds;

    /// <summary>
    /// Also hands each observation to System.Diagnostics.Metrics (set by the meter bridge): unlike
    /// counters and gauges, a histogram cannot be observed there, only recorded into.
    /// </summary>
    internal Action<double>? Mirror { get; set; }

    /// <summary>Records one observation. NaN is ignored.</summary>
    public void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        Mirror?.Invoke(value);
        ref var stripe = ref Stripes.Slot(_cells, _stride);
        AddToSum(ref Unsafe.Add(ref stripe, SumIndex), value);
        Interlocked.Increment(ref Unsafe.Add(ref stripe, FirstBucket + _index.Of(value)));
    }

    // The sum is a double kept in a long's bits, so that it can be added to atomically with compare-and-swap.
    private static void AddToSum(ref long sum, double value)
    {
        long seen, updated;
        do
        {
            seen = Volatile.Read(ref sum);
            updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref sum, updated, seen) != seen);
    }

    /// <summary>Reads cumulative bucket counts (last = +Inf = total count) into <paramref name="cumulative"/>; returns the sum.</summary>
    public double Snapshot(Span<long> cumulative)
    {
        long running = 0;
        for (var i = 0; i <= _bounds.Length; i++)
        {
            running += Stripes.Sum(_cells, _stride, FirstBucket + i);
            cumulative[i] = running;
        }

        double sum = 0;
        for (var stripe = 1; stripe <= Stripes.Count; stripe++)
        {
            sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref _cells[stripe * _stride + SumIndex]));
        }

        return sum;
    }

    /// <summary>The number of observations.</summary>
    public long Count
    {
        get
        {
            long count = 0;
            for (var i = 0; i <= _bounds.Length; i++)
            {
                count += Stripes.Sum(_cells, _stride, FirstBucket + i);
            }

            return count;
        }
    }
}
