using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Icn.Core.Hashing;

/// <summary>
/// A 32-byte SHA-256 content hash (the id of a gossip entry or a ledger record), held as four
/// big-endian words so that comparing hashes compares their bytes and hashing them costs nothing.
/// </summary>
public readonly record struct ContentHash : IComparable<ContentHash>
{
    public const int Length = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    private ContentHash(ulong w0, ulong w1, ulong w2, ulong w3) => (_w0, _w1, _w2, _w3) = (w0, w1, w2, w3);

    /// <summary>The id whose bytes are <paramref name="bytes"/> (exactly 32).</summary>
    public static ContentHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"a content hash has {Length} bytes, not {bytes.Length}", nameof(bytes));
        }

        return new ContentHash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    public static ContentHash Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Length];
        SHA256.HashData(data, digest);
        return FromBytes(digest);
    }

    /// <summary>Parses 64 hexadecimal digits.</summary>
    public static bool TryParse(string? text, out ContentHash id)
    {
        id = default;
        if (text is null || text.Length != 2 * Length)
        {
            return false;
        }

        try
        {
            id = FromBytes(Convert.FromHexString(text));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Word <paramref name="index"/> (0 = most significant) of the id read as a 256-bit number.</summary>
    public ulong Word(int index) => index switch
    {
        0 => _w0,
        1 => _w1,
        2 => _w2,
        3 => _w3,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public int CompareTo(ContentHash other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0)
        {
            return c;
        }

        c = _w1.CompareTo(other._w1);
        return c != 0 ? c : (c = _w2.CompareTo(other._w2)) != 0 ? c : _w3.CompareTo(other._w3);
    }

    public static bool operator <(ContentHash left, ContentHash right) => left.CompareTo(right) < 0;

    public static bool operator >(ContentHash left, ContentHash right) => left.CompareTo(right) > 0;

    public static bool operator <=(ContentHash left, ContentHash right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ContentHash left, ContentHash right) => left.CompareTo(right) >= 0;

    /// <summary>Lower-case hexadecimal, as shown to people.</summary>
    public override string ToString() => Convert.ToHexStringLower(ToBytes());
}
