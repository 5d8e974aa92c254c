using Icn.Protocol.Messages;

namespace Icn.Network.Sessions;

public sealed partial class PeerSession
{
    // Checks four times per keep-alive interval: ping when we have been quiet, close when the peer has.
    private async Task KeepAliveLoopAsync()
    {
        try
        {
            while (await _keepAliveTimer.WaitForNextTickAsync(_closing.Token))
            {
                if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived)) > _options.IdleTimeout)
                {
                    Close(new SessionClose($"nothing received for {_options.IdleTimeout.TotalSeconds:0} s", NetworkError.Timeout));
                    return;
                }

                if (_time.GetElapsedTime(Volatile.Read(ref _lastSent)) >= _options.KeepAliveInterval)
                {
                    Send(new Envelope(new Ping(++_pingNonce)));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
