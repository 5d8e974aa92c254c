namespace Icn.Observability.Instruments;

/// <summary>A monotonically increasing count; lock-free, allocation-free, striped per processor.</summary>
public sealed class Counter
{
    private readonly long[] _cells;
    private readonly int _stride;

    public Counter() => _cells = Stripes.Allocate(1, out _stride);

    /// <summary>Adds one.</summary>
    public void Increment() => Interlocked.Increment(ref Stripes.Cell(_cells, _stride, 0));

    /// <summary>Adds a non-negative amount; negative amounts are ignored, as a counter never decreases.</summary>
    public void Add(long amount)
    {
        if (amount > 0)
        {
            Interlocked.Add(ref Stripes.Cell(_cells, _stride, 0), amount);
        }
    }

    /// <summary>The current total.</summary>
    public long Value => Stripes.Sum(_cells, _stride, 0);
}
