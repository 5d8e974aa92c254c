using System.Buffers;
using Icn.Core.Canonical;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Protocol.Messages;

/// <summary>
/// A message with its envelope: protocol version, message type, flags and, when flag bit 0 is set,
/// a W3C trace context of at most <see cref="MaxTraceContextBytes"/> bytes.
/// </summary>
public sealed record Envelope(Message Message, byte[]? TraceContext = null)
{
    /// <summary>The protocol version this build speaks.</summary>
    public const byte Version = 1;

    public const int MaxTraceContextBytes = 128;

    private const byte TraceContextFlag = 0x01;

    /// <summary>Writes the canonical bytes of the envelope (the frame's payload).</summary>
    public void Encode(IBufferWriter<byte> output)
    {
        var writer = new CanonicalWriter(output);
        writer.U8(Version);
        writer.U8((byte)Message.Type);
        if (TraceContext is { } trace)
        {
            if (trace.Length > MaxTraceContextBytes)
            {
                throw new ArgumentException($"trace context exceeds {MaxTraceContextBytes} bytes");
            }

            writer.U8(TraceContextFlag);
            writer.Bytes(trace);
        }
        else
        {
            writer.U8(0);
        }

        Message.WriteBody(ref writer);
    }

    /// <summary>Encodes into a new array (tests, golden vectors).</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        Encode(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a frame payload; any deviation from the canonical form is a <see cref="DecodeException"/>.</summary>
    public static Envelope Decode(ReadOnlySpan<byte> payload, int maxPayloadBytes)
    {
        var reader = new CanonicalReader(payload);
        var version = reader.U8();
        if (version != Version)
        {
            throw new DecodeException($"protocol version {version} is not supported (this node speaks {Version})");
        }

        var type = reader.U8();
        var flags = reader.U8();
        if ((flags & ~TraceContextFlag) != 0)
        {
            throw new DecodeException($"unknown envelope flags 0x{flags:x2}");
        }

        var trace = (flags & TraceContextFlag) != 0 ? reader.Bytes(MaxTraceContextBytes).ToArray() : null;
        Message message = (MessageType)type switch
        {
            MessageType.Ping => new Ping(reader.U64()),
            MessageType.Pong => new Pong(reader.U64(), reader.I64()),
            MessageType.Direct => new Direct(reader.String(Direct.MaxChannelBytes), reader.Bytes(maxPayloadBytes).ToArray()),
            MessageType.Announce => Announce.Read(ref reader),
            MessageType.Request => Request.Read(ref reader),
            MessageType.Response => Response.Read(ref reader, maxPayloadBytes),
            MessageType.Push => Push.Read(ref reader, maxPayloadBytes),
            MessageType.Prune => Prune.Read(ref reader),
            MessageType.Subscribe => Subscribe.Read(ref reader),
            MessageType.Unsubscribe => Unsubscribe.Read(ref reader),
            MessageType.SubscribeAck => SubscribeAck.Read(ref reader),
            MessageType.Reconcile => Reconcile.Read(ref reader),
            MessageType.Neighbor => Neighbor.Read(ref reader),
            _ => throw new DecodeException($"unknown message type 0x{type:x2}"),
        };
        reader.End();
        return new Envelope(message, trace);
    }
}
