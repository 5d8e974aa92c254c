namespace Icn.Observability.Instruments;

/// <summary>
/// Counts observations into fixed buckets and keeps their sum; striped per processor, allocation-free.
/// The count is derived from the buckets at read time, so a snapshot is always self-consistent.
/// </summary>
public sealed class Histogram
{
    private readonly double[] _bounds;
    private readonly long[] _cells;
    private readonly int _stride;
    private readonly int _sumIndex;

    /// <summary>Creates a histogram with ascending finite upper bounds; +Inf is implied.</summary>
    public Histogram(IReadOnlyList<double> upperBounds)
    {
        _bounds = [.. upperBounds];
        for (var i = 1; i < _bounds.Length; i++)
        {
            if (!(_bounds[i] > _bounds[i - 1]))
            {
                throw new ArgumentException("histogram bounds must be strictly ascending", nameof(upperBounds));
            }
        }

        _sumIndex = _bounds.Length + 1;
        _cells = Stripes.Allocate(_sumIndex + 1, out _stride);
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
        var bucket = BucketOf(value);
        Interlocked.Increment(ref Stripes.Cell(_cells, _stride, bucket));
        ref var sum = ref Stripes.Cell(_cells, _stride, _sumIndex);
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
            running += Stripes.Sum(_cells, _stride, i);
            cumulative[i] = running;
        }

        double sum = 0;
        for (var stripe = 1; stripe <= Stripes.Count; stripe++)
        {
            sum += BitConverter.Int64BitsToDouble(Volatile.Read(ref _cells[stripe * _stride + _sumIndex]));
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
                count += Stripes.Sum(_cells, _stride, i);
            }

            return count;
        }
    }

    private int BucketOf(double value)
    {
        // Buckets are few; a linear scan beats a binary search below a few dozen.
        var bounds = _bounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (value <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }
}
