using Icn.Core.Canonical;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        var stream = _connection.Stream;
        var header = new byte[Frames.HeaderLength];
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                using var frame = await Frames.ReadAsync(stream, header, _options.MaxFrameBytes, _closing.Token);
                if (frame is null)
                {
                    Close(SessionClose.Normal("the peer closed the connection"));
                    return;
                }

                var envelope = Envelope.Decode(frame.Payload, _options.MaxFrameBytes);
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                _metrics.MessagesReceived.Increment();
                _metrics.BytesReceived.Add(frame.WireLength);
                _metrics.SizeReceived.Record(frame.WireLength);

                if (!_inboundLimit.TryTake())
                {
                    _metrics.DroppedRateLimited.Increment();
                    _metrics.Error(NetworkError.RateLimited);
                    continue;
                }

                switch (envelope.Message)
                {
                    case Ping ping:
                        Send(new Envelope(new Pong(ping.Nonce, _time.GetUtcNow().ToUnixTimeMilliseconds())));
                        break;
                    case Pong pong:
                        OnPong(pong);
                        break;
                    default:
                        await _deliver(this, envelope);
                        break;
                }
            }
        }
        catch (FrameException e)
        {
            Close(new SessionClose(e.Message, e.Error switch
            {
                FrameError.Oversize => NetworkError.Oversize,
                FrameError.Truncated => NetworkError.Reset,
                _ => NetworkError.Decode,
            }));
        }
        catch (DecodeException e)
        {
            Close(new SessionClose(e.Message, NetworkError.Decode));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Close(_closing.IsCancellationRequested
                ? SessionClose.Normal("closed")
                : new SessionClose($"connection lost: {e.Message}", NetworkError.Reset));
        }
#pragma warning disable CA1031 // a failure in a handler must close this session, never leave it open with no reader
        catch (Exception e)
#pragma warning restore CA1031
        {
            Close(new SessionClose($"this node failed handling the peer's message ({e.GetType().Name}: {e.Message})", NetworkError.Internal));
        }
    }
}
