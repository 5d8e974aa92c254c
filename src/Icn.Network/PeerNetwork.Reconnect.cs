using Icn.Network.Transport;

namespace Icn.Network;

public sealed partial class PeerNetwork
{
    // Dials until connected, waits for the session to close, and starts again. The first dial is not a
    // retry; every later attempt is counted in icn_network_dial_retries_total.
    private async Task KeepConnectedAsync(PeerAddress peer, CancellationToken stopping)
    {
        var failures = 0;
        var firstAttempt = true;
        long? connectedAt = null;
        while (!stopping.IsCancellationRequested)
        {
            if (SessionOf(peer.Did) is { } session)
            {
                connectedAt ??= _time.GetTimestamp();
                try
                {
                    await session.Closed.WaitAsync(stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // Only a session that lasted resets the backoff: one closed at once (the peer refuses our
            // certificate after the handshake, say) counts as a failed dial, or we would redial in a loop.
            if (connectedAt is { } since)
            {
                connectedAt = null;
                if (_time.GetElapsedTime(since) >= _options.StableSessionTime)
                {
                    failures = 0;
                }
                else if (!await WaitAsync(Backoff(++failures), stopping))
                {
                    return;
                }
            }

            if (!firstAttempt)
            {
                _metrics.DialRetries.Increment();
            }

            firstAttempt = false;
            try
            {
                await ConnectAsync(await peer.ResolveAsync(stopping), peer.Did, stopping);
                connectedAt = _time.GetTimestamp();
            }
            catch (Exception e) when (e is HandshakeException or System.Net.Sockets.SocketException)
            {
                failures++;
                var delay = Backoff(failures);
                LogDialFailed(_log, peer.Did.ToString(), e.Message, delay);
                if (!await WaitAsync(delay, stopping))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Waits out a backoff; false when the network stops meanwhile.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
            return !stopping.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Base delay doubled per failure, capped, then spread by ±20% so peers do not redial in step.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 20);
        var delay = Math.Min(_options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.ReconnectMaxDelay.TotalMilliseconds);
        double factor;
        lock (_jitter)
        {
            factor = 0.8 + (_jitter.NextDouble() * 0.4);
        }

        return TimeSpan.FromMilliseconds(delay * factor);
    }
}
