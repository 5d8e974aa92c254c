using Icn.Core.Canonical;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using Icn.Trust;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    private static readonly TimeSpan s_dropWindow = TimeSpan.FromSeconds(10);

    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        var header = new byte[Frames.HeaderLength];
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                using var frame = await Frames.ReadAsync(_connection.Stream, header, _options.MaxFrameBytes, _closing.Token);
                if (frame is null)
                {
                    Close(SessionClose.Normal("the peer closed the connection"));
                    return;
                }

                await HandleAsync(frame);
            }
        }
#pragma warning disable CA1031 // whatever ends the loop must close this session, never leave it open with no reader
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (IsProtocolViolation(e))
            {
                CloseMisbehaving(CloseReason(e));
            }
            else
            {
                Close(CloseReason(e));
            }
        }
    }

    /// <summary>
    /// Counts and rate-limits one frame (its bytes before it is decoded, then the message), then answers a keep-alive
    /// or delivers the message.
    /// </summary>
    private async ValueTask HandleAsync(RentedFrame frame)
    {
        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
        _metrics.MessagesReceived.Increment();
        _metrics.BytesReceived.Add(frame.WireLength);
        _stats.Received(frame.WireLength);
        _metrics.SizeReceived.Record(frame.WireLength);
        var trust = Volatile.Read(ref _trust);
        if (!trust.Bytes.TryTake(frame.WireLength))
        {
            RateLimited(trust.Class, trust.Budget);
            return;
        }

        var envelope = Envelope.Decode(frame.Payload, _options.MaxFrameBytes);
        if (!trust.Messages.TryTake())
        {
            RateLimited(trust.Class, trust.Budget);
            return;
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

    private void RateLimited(TrustClass trustClass, PeerBudget budget)
    {
        _metrics.Dropped[DropReason.RateLimited].Increment();
        _stats.Dropped(DropReason.RateLimited);
        _metrics.RateLimited(trustClass);
        _metrics.Error(NetworkError.RateLimited);
        CountDrop(budget);
    }

    // Drops are counted in windows of 10 s (read loop only): past twice the burst in one window, the peer is flooding.
    private void CountDrop(PeerBudget budget)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_dropWindowStart, now) > s_dropWindow)
        {
            (_dropWindowStart, _dropsInWindow) = (now, 0);
        }

        if (++_dropsInWindow > 2 * budget.MessageBurst)
        {
            CloseMisbehaving(new SessionClose($"{_dropsInWindow} messages over the rate limit within {s_dropWindow.TotalSeconds:0} s", NetworkError.RateLimited));
        }
    }

    /// <summary>
    /// An oversize frame or one that does not decode: TLS rules out damage in transit and ALPN pins the protocol,
    /// so only broken or hostile software sends one, and the peer is banned for it. A truncated frame is a lost
    /// connection, not a fault.
    /// </summary>
    private static bool IsProtocolViolation(Exception failure) =>
        failure is DecodeException or FrameException { Error: not FrameError.Truncated };

    /// <summary>Why the read loop ended, as the session's close reason and error kind.</summary>
    private SessionClose CloseReason(Exception failure) => failure switch
    {
        FrameException e => new SessionClose(e.Message, e.Error switch
        {
            FrameError.Oversize => NetworkError.Oversize,
            FrameError.Truncated => NetworkError.Reset,
            _ => NetworkError.Decode,
        }),
        DecodeException e => new SessionClose(e.Message, NetworkError.Decode),
        IOException or ObjectDisposedException or OperationCanceledException => _closing.IsCancellationRequested
            ? SessionClose.Normal("closed")
            : new SessionClose($"connection lost: {failure.Message}", NetworkError.Reset),
        _ => new SessionClose($"this node failed handling the peer's message ({failure.GetType().Name}: {failure.Message})", NetworkError.Internal),
    };
}
