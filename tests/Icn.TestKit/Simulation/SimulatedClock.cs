namespace Icn.TestKit.Simulation;

/// <summary>
/// A discrete-event clock: timers and scheduled actions run in order of due time (then of
/// scheduling), one at a time, only inside <see cref="RunFor"/> and the RunUntil methods. Nothing runs
/// on another thread, so a simulation with a fixed seed replays identically.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly PriorityQueue<Scheduled, (long Due, long Sequence)> _queue = new();
    private long _now;
    private long _sequence;

    public SimulatedClock(DateTimeOffset start) => _now = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(_now, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now;

    /// <summary>Events run so far.</summary>
    public long EventsRun { get; private set; }

    public void Schedule(TimeSpan delay, Action action) => Enqueue(_now + Math.Max(0, delay.Ticks), new Scheduled(action));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new SimulatedTimer(this, callback, state, dueTime, period);

    public void RunFor(TimeSpan duration) => RunUntil(GetUtcNow() + duration);

    /// <summary>Runs every event due up to <paramref name="end"/>, then sets the clock to it.</summary>
    public void RunUntil(DateTimeOffset end)
    {
        var endTicks = end.UtcTicks;
        while (_queue.TryPeek(out _, out var key) && key.Due <= endTicks)
        {
            var next = _queue.Dequeue();
            _now = Math.Max(_now, key.Due);
            if (!next.Cancelled)
            {
                EventsRun++;
                next.Action();
            }
        }

        _now = Math.Max(_now, endTicks);
    }

    /// <summary>Runs until <paramref name="condition"/> holds, checking after each event; false if <paramref name="limit"/> passes first.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var endTicks = _now + limit.Ticks;
        while (!condition())
        {
            if (!_queue.TryPeek(out _, out var key) || key.Due > endTicks)
            {
                _now = endTicks;
                return condition();
            }

            var next = _queue.Dequeue();
            _now = Math.Max(_now, key.Due);
            if (!next.Cancelled)
            {
                EventsRun++;
                next.Action();
            }
        }

        return true;
    }

    private Scheduled Enqueue(long due, Scheduled scheduled)
    {
        _queue.Enqueue(scheduled, (due, _sequence++));
        return scheduled;
    }

    private sealed class Scheduled(Action action)
    {
        public Action Action { get; } = action;

        public bool Cancelled { get; set; }
    }

    private sealed class SimulatedTimer : ITimer
    {
        private readonly SimulatedClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private Scheduled? _pending;
        private TimeSpan _period;

        public SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _pending?.Cancelled = true;
            _pending = null;
            _period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Arm(dueTime);
            }

            return true;
        }

        public void Dispose()
        {
            _pending?.Cancelled = true;
            _pending = null;
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan due)
        {
            Scheduled? scheduled = null;
            scheduled = new Scheduled(() =>
            {
                if (_pending != scheduled)
                {
                    return;
                }

                _pending = null;
                if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
                {
                    Arm(_period);
                }

                _callback(_state);
            });
            _pending = _clock.Enqueue(_clock._now + Math.Max(0, due.Ticks), scheduled);
        }
    }
}
