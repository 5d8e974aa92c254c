using System.Runtime.CompilerServices;

namespace Icn.Observability.Instruments;

/// <summary>
/// Finds a value's bucket (the first upper bound at or above it) by starting at the first bucket its binary exponent
/// allows, so that a value usually needs one or two comparisons instead of a scan from the first bound. The start table
/// (2 KiB, one byte per exponent) is shared by every histogram built with the same bounds list, as all the series of one
/// metric definition are.
/// </summary>
internal sealed class BucketIndex
{
    private static readonly ConditionalWeakTable<IReadOnlyList<double>, BucketIndex> s_shared = [];

    private readonly double[] _bounds;
    private readonly byte[]? _start;

    private BucketIndex(IReadOnlyList<double> upperBounds)
    {
        _bounds = [.. upperBounds];
        for (var i = 1; i < _bounds.Length; i++)
        {
            if (!(_bounds[i] > _bounds[i - 1]))
            {
                throw new ArgumentException("histogram bounds must be strictly ascending", nameof(upperBounds));
            }
        }

        _start = _bounds.Length < byte.MaxValue ? StartTable(_bounds) : null;
    }

    public static BucketIndex For(IReadOnlyList<double> upperBounds) => s_shared.GetValue(upperBounds, bounds => new BucketIndex(bounds));

    public double[] Bounds => _bounds;

    /// <summary>The bucket of <paramref name="value"/> (not NaN): the index of the first bound at or above it, or the bound count for +Inf.</summary>
    public int Of(double value)
    {
        var bounds = _bounds;
        var bits = BitConverter.DoubleToInt64Bits(value);
        var i = bits >= 0 && _start is { } start ? start[(int)(bits >> 52)] : 0; // negative values scan from the start
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        return i;
    }

    // For each binary exponent, the first bucket whose bound is at least the smallest positive value with that exponent:
    // every bound before it is below any value of that exponent.
    private static byte[] StartTable(double[] bounds)
    {
        var table = new byte[2048];
        var i = 0;
        for (var exponent = 0; exponent < table.Length; exponent++)
        {
            var smallest = BitConverter.Int64BitsToDouble((long)exponent << 52);
            while (i < bounds.Length && bounds[i] < smallest)
            {
                i++;
            }

            table[exponent] = (byte)i;
        }

        return table;
    }
}
