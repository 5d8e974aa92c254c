using System.Buffers;
using System.Buffers.Binary;

namespace Icn.Protocol.Framing;

/// <summary>
/// Length-prefixed frames: a 4-byte big-endian length L (1 ≤ L ≤ limit), then L bytes. The length is
/// checked before any buffer is taken for the payload.
/// </summary>
public static class Frames
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int HeaderLength = 4;

    /// <summary>The default payload limit: 10 MiB.</summary>
    public const int DefaultMaxPayload = 10 * 1024 * 1024;

    /// <summary>
    /// Reads one frame into a buffer rented from <see cref="ArrayPool{T}.Shared"/>. Returns null on a
    /// clean end of stream between frames. The caller returns the buffer.
    /// </summary>
    public static ValueTask<RentedFrame?> ReadAsync(Stream stream, int maxPayload, CancellationToken cancellationToken) =>
        ReadAsync(stream, new byte[HeaderLength], maxPayload, cancellationToken);

    /// <summary>As above, reusing <paramref name="header"/> (at least 4 bytes) so that a read loop allocates nothing per frame.</summary>
    public static async ValueTask<RentedFrame?> ReadAsync(Stream stream, Memory<byte> header, int maxPayload, CancellationToken cancellationToken)
    {
        header = header[..HeaderLength];
        var got = await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken);
        if (got == 0)
        {
            return null;
        }

        if (got < HeaderLength)
        {
            throw new FrameException(FrameError.Truncated, $"stream ended after {got} bytes of a frame header");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.Span);
        if (length == 0)
        {
            throw new FrameException(FrameError.Empty, "zero-length frame");
        }

        if (length > (uint)maxPayload)
        {
            throw new FrameException(FrameError.Oversize, $"frame of {length} bytes exceeds the limit of {maxPayload}");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, cancellationToken);
            if (read < length)
            {
                throw new FrameException(FrameError.Truncated, $"stream ended after {read} of {length} payload bytes");
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RentedFrame(buffer, (int)length);
    }

    /// <summary>Writes the length prefix for <paramref name="payloadLength"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int payloadLength) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payloadLength);
}

/// <summary>A frame payload in a pooled buffer; dispose to give the buffer back.</summary>
public sealed class RentedFrame(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public int Length { get; } = length;

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, Length);

    /// <summary>Bytes this frame took on the wire, prefix included.</summary>
    public int WireLength => Frames.HeaderLength + Length;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
