using System.Buffers;
using System.Diagnostics;
using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    // Frames waiting in the queue are coalesced into one write of up to this many bytes: one TLS
    // record and one syscall for many small messages. A larger frame is written on its own.
    private const int CoalesceBytes = 64 * 1024;

    // The write loop resumes on the sender's thread (the channel allows synchronous continuations), so a
    // lone message is written at once. When the previous write was this recent, messages are arriving
    // back to back: the loop steps aside for a moment so that they pile up and go out in one write.
    private static readonly TimeSpan s_burstWindow = TimeSpan.FromMicroseconds(20);

    /// <summary>Encodes and queues a message; false (and counted) when it does not fit or the session is closing.</summary>
    public bool Send(Envelope envelope)
    {
        if (Volatile.Read(ref _queuedBytes) >= _options.SendQueueBytes)
        {
            return Refuse(0, DropReason.QueueFull); // full already: not worth encoding
        }

        if (OutboundFrame.Encode(envelope, _options.MaxFrameBytes) is { } frame)
        {
            return Send(frame);
        }

        LogOversizeOutbound(_log, Peer.ToString(), envelope.Message.Type.ToString());
        return false;
    }

    /// <summary>
    /// Queues an encoded frame within the session's queue (messages and bytes) and the node's send budget. A frame is
    /// taken while the queue holds less than its bytes, so a message as large as the wire allows still goes, and a
    /// full queue is known before anything is encoded for it.
    /// </summary>
    internal bool Send(byte[] frame)
    {
        if (_closing.IsCancellationRequested)
        {
            return false;
        }

        if (Interlocked.Add(ref _queuedBytes, frame.Length) - frame.Length >= _options.SendQueueBytes)
        {
            return Refuse(frame.Length, DropReason.QueueFull);
        }

        if (!_budget.TryTake(frame.Length))
        {
            return Refuse(frame.Length, DropReason.SendBudget);
        }

        if (!_outbound.Writer.TryWrite(frame))
        {
            _budget.Release(frame.Length);
            return Refuse(frame.Length, DropReason.QueueFull);
        }

        return true;
    }

    private bool Refuse(int bytes, DropReason reason)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
        if (_closing.IsCancellationRequested)
        {
            return false;
        }

        _metrics.Dropped[reason].Increment();
        _stats.Dropped(reason);
        if (reason == DropReason.QueueFull)
        {
            // Watched by the keep-alive loop: a queue that stays full closes the session as slow.
            Interlocked.CompareExchange(ref _fullSince, _time.GetTimestamp(), 0);
        }

        return false;
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(CoalesceBytes);
        var reader = _outbound.Reader;
        var batch = new List<byte[]>();
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token))
            {
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastWriteTicks)) < s_burstWindow)
                {
                    await Task.Yield();
                }

                batch.Clear();
                var bytes = 0;
                while (bytes < CoalesceBytes && reader.TryRead(out var frame))
                {
                    batch.Add(frame);
                    bytes += frame.Length;
                }

                await WriteAsync(batch, buffer);
                Sent(batch, bytes);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close(_closing.IsCancellationRequested
                ? SessionClose.Normal("closed")
                : new SessionClose($"connection lost while writing: {e.Message}", NetworkError.Reset));
        }
        finally
        {
            // What was queued, or in the write that failed, is freed with the session.
            var left = batch.Sum(f => (long)f.Length);
            while (reader.TryRead(out var frame))
            {
                left += frame.Length;
            }

            Interlocked.Add(ref _queuedBytes, -left);
            _budget.Release(left);
        }
    }

    private async Task WriteAsync(List<byte[]> batch, ArrayBufferWriter<byte> buffer)
    {
        Volatile.Write(ref _writeStartedAt, _time.GetTimestamp()); // watched by the keep-alive loop
        if (batch.Count == 1)
        {
            await _connection.Stream.WriteAsync(batch[0], _closing.Token);
        }
        else
        {
            buffer.ResetWrittenCount();
            batch.ForEach(frame => buffer.Write(frame));
            await _connection.Stream.WriteAsync(buffer.WrittenMemory, _closing.Token);
        }

        Volatile.Write(ref _writeStartedAt, 0);
    }

    private void Sent(List<byte[]> batch, int bytes)
    {
        Volatile.Write(ref _lastSent, _time.GetTimestamp());
        Volatile.Write(ref _lastWriteTicks, Stopwatch.GetTimestamp());
        if (Interlocked.Add(ref _queuedBytes, -bytes) < _options.SendQueueBytes / 2)
        {
            Volatile.Write(ref _fullSince, 0); // draining: no longer full
        }

        _budget.Release(bytes);
        foreach (var frame in batch)
        {
            _metrics.MessagesSent.Increment();
            _metrics.BytesSent.Add(frame.Length);
            _stats.Sent(frame.Length);
            _metrics.SizeSent.Record(frame.Length);
        }

        batch.Clear();
    }

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "not sending a {Type} message to {Peer}: above the frame limit")]
    private static partial void LogOversizeOutbound(ILogger logger, string peer, string type);
}
