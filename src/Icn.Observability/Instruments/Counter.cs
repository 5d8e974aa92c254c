namespace Icn.Observability.Instruments;

/// <summary>
/// A monotonically increasing count; lock-free and allocation-free when recording. It starts as one
/// cell updated by compare-and-swap; the first time two threads collide it spreads into
/// per-processor stripes (<see cref="Stripes"/>), so counters that are never contended cost one word,
/// and contended ones stop sharing a cache line.
/// </summary>
public sealed class Counter
{
    private long _base;
    private long[]? _cells;

    /// <summary>Adds one.</summary>
    public void Increment() => Add(1);

    /// <summary>Adds a non-negative amount; negative amounts are ignored, as a counter never decreases.</summary>
    public void Add(long amount)
    {
        if (amount <= 0)
        {
            return;
        }

        var cells = Volatile.Read(ref _cells);
        if (cells is null)
        {
            var seen = Volatile.Read(ref _base);
            if (Interlocked.CompareExchange(ref _base, seen + amount, seen) == seen)
            {
                return;
            }

            cells = Spread();
        }

        Interlocked.Add(ref Stripes.Cell(cells, Stripes.SlotLongs, 0), amount);
    }

    /// <summary>The current total.</summary>
    public long Value
    {
        get
        {
            var total = Volatile.Read(ref _base);
            return Volatile.Read(ref _cells) is { } cells ? total + Stripes.Sum(cells, Stripes.SlotLongs, 0) : total;
        }
    }

    private long[] Spread()
    {
        Interlocked.CompareExchange(ref _cells, Stripes.Allocate(1, out _), null);
        return _cells!;
    }
}
