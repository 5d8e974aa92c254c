using System.Buffers.Binary;
using System.Security.Cryptography;
using Icn.Core.Hashing;
using Icn.Gossip.Entries;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Reconciliation;

/// <summary>Fingerprints of key ranges and the bounds between keys.</summary>
internal static class RangeMath
{
    /// <summary>
    /// SHA-256 over the sum of the ids (as 256-bit numbers, modulo 2^256) and the count, first 16 bytes.
    /// The sum makes the fingerprint independent of order and cheap to compute; the hash keeps a peer
    /// from steering it.
    /// </summary>
    public static RangeFingerprint Fingerprint(ReadOnlySpan<EntryKey> keys)
    {
        ulong w0 = 0, w1 = 0, w2 = 0, w3 = 0;
        foreach (var key in keys)
        {
            var id = key.Id;
            w3 = AddWithCarry(w3, id.Word(3), 0, out var carry);
            w2 = AddWithCarry(w2, id.Word(2), carry, out carry);
            w1 = AddWithCarry(w1, id.Word(1), carry, out carry);
            w0 = AddWithCarry(w0, id.Word(0), carry, out _);
        }

        Span<byte> input = stackalloc byte[40];
        BinaryPrimitives.WriteUInt64BigEndian(input, w0);
        BinaryPrimitives.WriteUInt64BigEndian(input[8..], w1);
        BinaryPrimitives.WriteUInt64BigEndian(input[16..], w2);
        BinaryPrimitives.WriteUInt64BigEndian(input[24..], w3);
        BinaryPrimitives.WriteUInt64BigEndian(input[32..], (ulong)keys.Length);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return new RangeFingerprint(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }

    /// <summary>True when <paramref name="key"/> sorts before <paramref name="bound"/>.</summary>
    public static bool IsBelow(EntryKey key, RangeBound bound)
    {
        if (bound.IsInfinity)
        {
            return true;
        }

        if (key.TimestampMs != bound.TimestampMs)
        {
            return key.TimestampMs < bound.TimestampMs;
        }

        Span<byte> id = stackalloc byte[ContentHash.Length];
        key.Id.WriteTo(id);
        var prefix = bound.IdPrefix.Span;
        return id[..prefix.Length].SequenceCompareTo(prefix) < 0;
    }

    /// <summary>Index of the first key in <paramref name="sorted"/> at or above <paramref name="bound"/>.</summary>
    public static int LowerBound(ReadOnlySpan<EntryKey> sorted, RangeBound bound)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (IsBelow(sorted[mid], bound))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The shortest bound above <paramref name="below"/> and at or below <paramref name="above"/>.</summary>
    public static RangeBound Between(EntryKey below, EntryKey above)
    {
        if (below.TimestampMs != above.TimestampMs)
        {
            return new RangeBound(above.TimestampMs, ReadOnlyMemory<byte>.Empty);
        }

        var a = below.Id.ToBytes();
        var b = above.Id.ToBytes();
        var shared = a.AsSpan().CommonPrefixLength(b);
        return new RangeBound(above.TimestampMs, b.AsMemory(0, Math.Min(shared + 1, ContentHash.Length)));
    }

    /// <summary>The bound just at <paramref name="key"/>: every smaller key is below it.</summary>
    public static RangeBound At(EntryKey key) => new(key.TimestampMs, key.Id.ToBytes());

    private static ulong AddWithCarry(ulong a, ulong b, ulong carryIn, out ulong carryOut)
    {
        var sum = a + b;
        var carry = sum < a ? 1UL : 0UL;
        var total = sum + carryIn;
        carryOut = carry | (total < sum ? 1UL : 0UL);
        return total;
    }
}
