using System.Buffers.Binary;
using System.Text;

namespace Icn.Core.Canonical;

/// <summary>
/// Reads the canonical encoding strictly: every length is checked against what remains, booleans are
/// 0 or 1, strings are valid UTF-8, and <see cref="End"/> refuses trailing bytes.
/// </summary>
public ref struct CanonicalReader(ReadOnlySpan<byte> input)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private ReadOnlySpan<byte> _rest = input;

    public readonly int Remaining => _rest.Length;

    public byte U8() => Take(1)[0];

    public bool Bool() => U8() switch
    {
        0 => false,
        1 => true,
        var other => throw new DecodeException($"boolean byte {other} is neither 0 nor 1"),
    };

    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public long I64() => unchecked((long)U64());

    /// <summary>An unsigned LEB128 integer; longer-than-shortest forms and values over 64 bits are refused.</summary>
    public ulong VarU64()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = U8();
            if (shift == 63 && b > 1)
            {
                throw new DecodeException("varint exceeds 64 bits");
            }

            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                if (b == 0 && shift > 0)
                {
                    throw new DecodeException("varint is not in its shortest form");
                }

                return value;
            }
        }

        throw new DecodeException("varint exceeds 64 bits");
    }

    /// <summary>A count (of list items) at most <paramref name="max"/>, as a varint.</summary>
    public int Count(int max)
    {
        var count = VarU64();
        if (count > (ulong)max)
        {
            throw new DecodeException($"list of {count} items exceeds its limit of {max}");
        }

        if (count > (ulong)_rest.Length)
        {
            throw new DecodeException($"list of {count} items cannot fit in the {_rest.Length} bytes that remain");
        }

        return (int)count;
    }

    /// <summary>Raw bytes of a known length.</summary>
    public ReadOnlySpan<byte> Fixed(int length) => Take(length);

    /// <summary>A byte string of at most <paramref name="maxLength"/> bytes.</summary>
    public ReadOnlySpan<byte> Bytes(int maxLength)
    {
        var length = U32();
        if (length > (uint)maxLength)
        {
            throw new DecodeException($"byte string of {length} bytes exceeds its limit of {maxLength}");
        }

        return Take((int)length);
    }

    /// <summary>A UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    public string String(int maxBytes)
    {
        var bytes = Bytes(maxBytes);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new DecodeException("string is not valid UTF-8");
        }
    }

    /// <summary>Asserts that nothing follows the value.</summary>
    public readonly void End()
    {
        if (!_rest.IsEmpty)
        {
            throw new DecodeException($"{_rest.Length} unexpected trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length)
        {
            throw new DecodeException($"needs {count} more bytes, {_rest.Length} remain");
        }

        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
