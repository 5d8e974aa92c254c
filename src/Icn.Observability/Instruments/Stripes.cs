using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Icn.Observability.Instruments;

/// <summary>
/// Per-processor cells that spread writes from different cores over different cache lines, so that
/// threads recording the same metric do not fight over one line. A cell is added to atomically
/// (two threads can share a core), and readers sum all cells.
/// </summary>
/// <remarks>
/// Measured against per-thread cells with plain stores (docs/benchmarks.md): those win under
/// contention but lose uncontended, because a [ThreadStatic] read costs a call into the runtime on
/// Linux while the processor id is cached; an uncontended atomic add is nearly free.
/// </remarks>
internal static class Stripes
{
    /// <summary>Longs per stripe slot: 128 bytes, beyond the reach of adjacent-line prefetching.</summary>
    public const int SlotLongs = 16;

    /// <summary>
    /// Number of stripes: the processor count rounded up to a power of two, at most 16, which bounds a
    /// series at 17 x 128 bytes (about 2 KiB) on any machine.
    /// </summary>
    public static readonly int Count = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount), 16);

    private static readonly int s_mask = Count - 1;

    /// <summary>The stripe the current thread should write to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Current() => Thread.GetCurrentProcessorId() & s_mask;

    /// <summary>Allocates cells for <paramref name="longsPerStripe"/> values per stripe, one padded slot each.</summary>
    public static long[] Allocate(int longsPerStripe, out int stride)
    {
        stride = (longsPerStripe + SlotLongs - 1) / SlotLongs * SlotLongs;
        // One extra slot in front keeps stripe 0 off the array header's cache line.
        return new long[(Count + 1) * stride];
    }

    /// <summary>
    /// Reference to the first cell of the current stripe, without bounds checks: an instrument that writes several
    /// cells (a histogram's bucket and sum) asks for its stripe once, so it reads the processor id once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref long Slot(long[] cells, int stride) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(cells), (Current() + 1) * stride);

    /// <summary>Reference to cell <paramref name="index"/> of the current stripe, without bounds checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref long Cell(long[] cells, int stride, int index) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(cells), (Current() + 1) * stride + index);

    /// <summary>Sum of cell <paramref name="index"/> over every stripe.</summary>
    public static long Sum(long[] cells, int stride, int index)
    {
        long sum = 0;
        for (var stripe = 1; stripe <= Count; stripe++)
        {
            sum += Volatile.Read(ref cells[stripe * stride + index]);
        }

        return sum;
    }
}
