using System.Buffers;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;

namespace Icn.Network.Sessions;

/// <summary>
/// A message encoded for the wire, length prefix included. Messages are encoded when queued, not when written,
/// so that a send queue is bounded in the bytes it really holds, and a message for many peers is encoded once.
/// </summary>
internal static class OutboundFrame
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? s_scratch;

    /// <summary>The frame, or null when its payload would pass <paramref name="maxPayload"/> (no peer would accept it).</summary>
    public static byte[]? Encode(Envelope envelope, int maxPayload = Frames.DefaultMaxPayload)
    {
        var scratch = s_scratch ??= new ArrayBufferWriter<byte>(4096);
        scratch.ResetWrittenCount();
        scratch.GetSpan(Frames.HeaderLength);
        scratch.Advance(Frames.HeaderLength);
        envelope.Encode(scratch);
        var payloadLength = scratch.WrittenCount - Frames.HeaderLength;
        if (payloadLength > maxPayload)
        {
            Shrink();
            return null;
        }

        var frame = scratch.WrittenSpan.ToArray();
        Frames.WriteHeader(frame, payloadLength);
        Shrink();
        return frame;
    }

    // A large message's buffer is not kept by the thread that encoded it.
    private static void Shrink()
    {
        if (s_scratch is { Capacity: > 256 * 1024 })
        {
            s_scratch = null;
        }
    }
}
