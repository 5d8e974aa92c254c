using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Icn.Core.Canonical;

/// <summary>
/// Writes the canonical encoding (docs/protocol.md): big-endian fixed-width integers, byte strings
/// and UTF-8 strings with a u32 length, list counts as shortest-form LEB128 varints (<see cref="VarU64"/>).
/// One value has exactly one encoding,
/// so hashes and signatures can be taken over it.
/// </summary>
public ref struct CanonicalWriter(IBufferWriter<byte> output)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly IBufferWriter<byte> _output = output;

    public readonly void U8(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public readonly void Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    public readonly void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public readonly void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public readonly void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>How many bytes <paramref name="value"/> takes in UTF-8, the unit of every text limit; lone surrogates are refused.</summary>
    public static int Utf8Length(string value)
    {
        try
        {
            return s_strictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new EncodeException("text is not valid Unicode (it holds a lone surrogate)");
        }
    }

    public readonly void I64(long value) => U64(unchecked((ulong)value));

    /// <summary>An unsigned LEB128 integer in its shortest form: seven bits a byte, low bits first.</summary>
    public readonly void VarU64(ulong value)
    {
        var span = _output.GetSpan(10);
        var written = 0;
        while (value >= 0x80)
        {
            span[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[written++] = (byte)value;
        _output.Advance(written);
    }

    /// <summary>Raw bytes of a length both sides know (an id, a key, a signature): no length prefix.</summary>
    public readonly void Fixed(ReadOnlySpan<byte> value) => _output.Write(value);

    /// <summary>A byte string: u32 length, then the bytes.</summary>
    public readonly void Bytes(ReadOnlySpan<byte> value)
    {
        U32((uint)value.Length);
        _output.Write(value);
    }

    /// <summary>
    /// A UTF-8 string of at most <paramref name="maxBytes"/> bytes: u32 byte length, then the bytes. The
    /// limit is the one <see cref="CanonicalReader.String"/> is given for the same field, counted in the
    /// same unit, so nothing written here can fail to read back.
    /// </summary>
    public readonly void String(string value, int maxBytes)
    {
        var length = Utf8Length(value);
        if (length > maxBytes)
        {
            throw new EncodeException($"text of {length} bytes (UTF-8) exceeds its limit of {maxBytes} bytes");
        }

        U32((uint)length);
        s_strictUtf8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(length);
    }
}
