namespace Icn.Observability.Instruments;

/// <summary>A value that goes up and down, set by the component that knows it.</summary>
public sealed class Gauge
{
    private long _bits;

    /// <summary>Replaces the value.</summary>
    public void Set(double value) => Volatile.Write(ref _bits, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Adds (or with a negative delta, subtracts) atomically.</summary>
    public void Add(double delta)
    {
        long seen, updated;
        do
        {
            seen = Volatile.Read(ref _bits);
            updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + delta);
        }
        while (Interlocked.CompareExchange(ref _bits, updated, seen) != seen);
    }

    /// <summary>The current value.</summary>
    public double Value => BitConverter.Int64BitsToDouble(Volatile.Read(ref _bits));
}
