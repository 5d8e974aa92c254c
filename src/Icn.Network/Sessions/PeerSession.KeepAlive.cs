using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    // Checks four times per keep-alive interval: ping when we have been quiet, close when the peer has.
    // A busy link is pinged too, once per ClockCheckInterval, so its round trip and clock offset stay current.
    private async Task KeepAliveLoopAsync()
    {
        try
        {
            while (await _keepAliveTimer.WaitForNextTickAsync(_closing.Token))
            {
                _stats.Check(_time.GetTimestamp(), _time, Volatile.Read(ref _queuedBytes));
                if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) > _options.IdleTimeout)
                {
                    Close(new SessionClose($"nothing received for {_options.IdleTimeout.TotalSeconds:0} s", NetworkError.Timeout));
                    return;
                }

                if (Volatile.Read(ref _writeStartedAt) is var writing and not 0 && _time.GetElapsedTime(writing) > _options.WriteTimeout)
                {
                    // Closing disposes the stream, which ends the stuck write and frees the queue.
                    _metrics.Disconnected(DisconnectReason.Slow);
                    Close(SessionClose.Normal($"the peer read nothing for {_options.WriteTimeout.TotalSeconds:0} s of a pending write"));
                    return;
                }

                if (Volatile.Read(ref _fullSince) is var full and not 0 && _time.GetElapsedTime(full) > _options.WriteTimeout)
                {
                    _metrics.Disconnected(DisconnectReason.Slow);
                    Close(SessionClose.Normal($"the send queue stayed full for {_options.WriteTimeout.TotalSeconds:0} s: the peer reads slower than it asks"));
                    return;
                }

                if (_time.GetElapsedTime(Volatile.Read(ref _lastSent)) >= _options.KeepAliveInterval
                    || _time.GetElapsedTime(Volatile.Read(ref _lastPingAt)) >= _options.ClockCheckInterval)
                {
                    SendPing();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Only the newest ping is timed: a Pong for an older one (or a nonce never sent) measures nothing.
    private void SendPing()
    {
        var nonce = Interlocked.Increment(ref _pingNonce);
        var now = _time.GetTimestamp();
        Volatile.Write(ref _pingSentAt, now);
        Volatile.Write(ref _lastPingAt, now);
        Send(new Envelope(new Ping(nonce)));
    }

    // The peer read its clock somewhere within the round trip; its middle is the best estimate, off by at most half of it.
    private void OnPong(Pong pong)
    {
        if (pong.Nonce != Volatile.Read(ref _pingNonce))
        {
            return;
        }

        var roundTrip = _time.GetElapsedTime(Volatile.Read(ref _pingSentAt));
        var offsetMs = pong.UnixMs - (_time.GetUtcNow().ToUnixTimeMilliseconds() - (long)(roundTrip.TotalMilliseconds / 2));
        Volatile.Write(ref _roundTripTicks, roundTrip.Ticks);
        _stats.RoundTrip(roundTrip);
        Volatile.Write(ref _clockOffsetMs, offsetMs);
        _metrics.PeerClockOffset.Record(Math.Abs(offsetMs) / 1000.0);
        if (Math.Abs(offsetMs) > _options.ClockOffsetWarning.TotalMilliseconds && !_clockWarned)
        {
            _clockWarned = true;
            LogClockOffset(_log, Peer.ToString(), Math.Abs(offsetMs) / 1000.0, offsetMs > 0 ? "ahead of" : "behind", roundTrip.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning,
        Message = "the clock of peer {Peer} is about {Seconds:0.#} s {Direction} this node's (round trip {RoundTripMs:0} ms); "
        + "entries dated ahead of the receiver's clock are refused: check both clocks (NTP)")]
    private static partial void LogClockOffset(ILogger logger, string peer, double seconds, string direction, double roundTripMs);
}
