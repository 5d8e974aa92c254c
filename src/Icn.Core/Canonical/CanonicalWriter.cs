using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Icn.Core.Canonical;

/// <summary>
/// Writes the canonical encoding (docs/protocol.md): big-endian fixed-width integers, byte strings
/// and UTF-8 strings with a u32 length, lists with a u32 count. One value has exactly one encoding,
/// so hashes and signatures can be taken over it.
/// </summary>
public ref struct CanonicalWriter(IBufferWriter<byte> output)
{
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

    /// <summary>A UTF-8 string: u32 byte length, then the bytes.</summary>
    public readonly void String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        U32((uint)length);
        Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(length);
    }
}
