using System.Buffers;
using Icn.Protocol.Framing;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(4096);
        var stream = _connection.Stream;
        try
        {
            await foreach (var envelope in _outbound.Reader.ReadAllAsync(_closing.Token))
            {
                buffer.ResetWrittenCount();
                buffer.Advance(Frames.HeaderLength);
                envelope.Encode(buffer);
                var wireLength = buffer.WrittenCount;
                var payloadLength = wireLength - Frames.HeaderLength;
                if (payloadLength > _options.MaxFrameBytes)
                {
                    LogOversizeOutbound(_log, Peer.ToString(), payloadLength);
                    continue;
                }

                // Header and payload in one write: one TLS record, one syscall.
                var frame = buffer.WrittenMemory;
                Frames.WriteHeader(MemoryMarshalSpan(frame), payloadLength);
                await stream.WriteAsync(frame, _closing.Token);
                Volatile.Write(ref _lastSent, _time.GetTimestamp());
                _metrics.MessagesSent.Increment();
                _metrics.BytesSent.Add(wireLength);
                _metrics.SizeSent.Record(wireLength);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close(_closing.IsCancellationRequested
                ? SessionClose.Normal("closed")
                : new SessionClose($"connection lost while writing: {e.Message}", NetworkError.Reset));
        }
    }

    private static Span<byte> MemoryMarshalSpan(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span;

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "not sending a {Bytes}-byte message to {Peer}: above the frame limit")]
    private static partial void LogOversizeOutbound(ILogger logger, string peer, int bytes);
}
