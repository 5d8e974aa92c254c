using System.Buffers;
using System.Diagnostics;
using Icn.Protocol.Framing;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    // Frames waiting in the queue are coalesced into one write of up to this many bytes: one TLS
    // record and one syscall for many small messages.
    private const int CoalesceBytes = 64 * 1024;

    // The write loop resumes on the sender's thread (the channel allows synchronous continuations), so a
    // lone message is written at once. When the previous write was this recent, messages are arriving
    // back to back: the loop steps aside for a moment so that they pile up and go out in one write.
    private static readonly TimeSpan s_burstWindow = TimeSpan.FromMicroseconds(20);

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(CoalesceBytes + 4096);
        var stream = _connection.Stream;
        var reader = _outbound.Reader;
        var sizes = new List<int>();
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token))
            {
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastWriteTicks)) < s_burstWindow)
                {
                    await Task.Yield();
                }

                buffer.ResetWrittenCount();
                sizes.Clear();
                while (buffer.WrittenCount < CoalesceBytes && reader.TryRead(out var envelope))
                {
                    AppendFrame(buffer, envelope, sizes);
                }

                if (sizes.Count == 0)
                {
                    continue;
                }

                Volatile.Write(ref _writeStartedAt, _time.GetTimestamp()); // watched by the keep-alive loop
                await stream.WriteAsync(buffer.WrittenMemory, _closing.Token);
                Volatile.Write(ref _writeStartedAt, 0);
                Volatile.Write(ref _lastSent, _time.GetTimestamp());
                Volatile.Write(ref _lastWriteTicks, Stopwatch.GetTimestamp());
                if (buffer.Capacity > 4 * CoalesceBytes)
                {
                    buffer = new ArrayBufferWriter<byte>(CoalesceBytes + 4096); // do not keep a large message's buffer
                }

                foreach (var wireLength in sizes)
                {
                    _metrics.MessagesSent.Increment();
                    _metrics.BytesSent.Add(wireLength);
                    _metrics.SizeSent.Record(wireLength);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close(_closing.IsCancellationRequested
                ? SessionClose.Normal("closed")
                : new SessionClose($"connection lost while writing: {e.Message}", NetworkError.Reset));
        }
    }

    private void AppendFrame(ArrayBufferWriter<byte> buffer, Protocol.Messages.Envelope envelope, List<int> sizes)
    {
        var start = buffer.WrittenCount;
        buffer.GetSpan(Frames.HeaderLength);
        buffer.Advance(Frames.HeaderLength);
        envelope.Encode(buffer);
        var payloadLength = buffer.WrittenCount - start - Frames.HeaderLength;
        if (payloadLength > _options.MaxFrameBytes)
        {
            LogOversizeOutbound(_log, Peer.ToString(), payloadLength);
            // Roll back: ArrayBufferWriter cannot shrink, so rewrite what came before.
            var kept = buffer.WrittenSpan[..start].ToArray();
            buffer.ResetWrittenCount();
            buffer.Write(kept);
            return;
        }

        Frames.WriteHeader(Writable(buffer.WrittenMemory[start..]), payloadLength);
        sizes.Add(Frames.HeaderLength + payloadLength);
    }

    private static Span<byte> Writable(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span;

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "not sending a {Bytes}-byte message to {Peer}: above the frame limit")]
    private static partial void LogOversizeOutbound(ILogger logger, string peer, int bytes);
}
