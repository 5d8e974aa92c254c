using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;

namespace Icn.Benchmarks.Network;

/// <summary>
/// The ceiling: the same frames and envelopes over plain TCP on loopback, no TLS, no sessions.
/// The sender coalesces like a session does; the receiver reads and decodes every frame.
/// </summary>
internal sealed class PlainTcpPair : IDisposable
{
    private readonly Socket _sender;
    private readonly NetworkStream _senderStream;
    private readonly BufferedStream _receiverStream;
    private readonly ArrayBufferWriter<byte> _buffer = new(128 * 1024);

    private PlainTcpPair(Socket sender, Socket receiver)
    {
        _sender = sender;
        _senderStream = new NetworkStream(sender, ownsSocket: true);
        // Buffered like SslStream's own receive buffer, so the ceiling is not two syscalls per frame.
        _receiverStream = new BufferedStream(new NetworkStream(receiver, ownsSocket: true), 64 * 1024);
    }

    public static PlainTcpPair Start()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        sender.Connect(listener.LocalEndpoint);
        var receiver = listener.AcceptSocket();
        receiver.NoDelay = true;
        return new PlainTcpPair(sender, receiver);
    }

    public async Task SendAndReceiveAsync(Direct message, int count)
    {
        var reading = ReadAsync(count);
        var envelope = new Envelope(message);
        _buffer.ResetWrittenCount();
        for (var i = 0; i < count; i++)
        {
            var start = _buffer.WrittenCount;
            _buffer.GetSpan(Frames.HeaderLength);
            _buffer.Advance(Frames.HeaderLength);
            envelope.Encode(_buffer);
            Frames.WriteHeader(System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory[start..]).Span,
                _buffer.WrittenCount - start - Frames.HeaderLength);
            if (_buffer.WrittenCount >= 64 * 1024 || i == count - 1)
            {
                await _senderStream.WriteAsync(_buffer.WrittenMemory);
                _buffer.ResetWrittenCount();
            }
        }

        await reading;
    }

    private async Task ReadAsync(int count)
    {
        var header = new byte[Frames.HeaderLength];
        for (var i = 0; i < count; i++)
        {
            using var frame = await Frames.ReadAsync(_receiverStream, header, Frames.DefaultMaxPayload, CancellationToken.None);
            Envelope.Decode(frame!.Payload, Frames.DefaultMaxPayload);
        }
    }

    public void Dispose()
    {
        _senderStream.Dispose();
        _receiverStream.Dispose();
        _sender.Dispose();
    }
}
