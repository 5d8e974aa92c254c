namespace Icn.Network.Sessions;

/// <summary>A token bucket on an injected clock: <c>rate</c> tokens per second, holding at most <c>burst</c>.</summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _ratePerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, double burst, TimeProvider time)
    {
        _ratePerSecond = ratePerSecond;
        _burst = _tokens = burst;
        _time = time;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes <paramref name="count"/> tokens if there are as many.</summary>
    public bool TryTake(double count = 1)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _ratePerSecond));
            _last = now;
            if (_tokens < count)
            {
                return false;
            }

            _tokens -= count;
            return true;
        }
    }
}
