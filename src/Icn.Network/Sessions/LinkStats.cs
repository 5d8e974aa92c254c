using Icn.Core.Identity;
using Icn.Network.Transport;
using Icn.Observability.Instruments;
using Icn.Trust;

namespace Icn.Network.Sessions;

/// <summary>
/// What one session has carried and how its link behaves, kept by the session for <c>network.peers</c> and the status
/// page, never as metric labels (a label per peer is a series per peer: the original system's issue 494).
/// Lock-free: the read loop, the write loop and the keep-alive loop each update their own fields.
/// </summary>
internal sealed class LinkStats(NetworkMetrics metrics)
{
    private readonly PeerFigure _roundTrip = new(metrics.PeerRoundTrip);
    private readonly PeerFigure _sendRate = new(metrics.PeerSendRate);
    private readonly PeerFigure _queue = new(metrics.PeerQueueBytes);
    private long _bytesSentAtCheck;
    private long _checkedAt;
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];
    private long _messagesSent;
    private long _messagesReceived;
    private long _bytesSent;
    private long _bytesReceived;
    private long _smoothedRoundTripTicks = -1;

    public void Sent(int bytes)
    {
        Interlocked.Increment(ref _messagesSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void Received(int bytes)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    public void Dropped(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    /// <summary>Folds a keep-alive round trip into the smoothed one, by TCP's rule (RFC 6298: 7/8 old, 1/8 new; the first as it is).</summary>
    public void RoundTrip(TimeSpan sample)
    {
        var old = Volatile.Read(ref _smoothedRoundTripTicks);
        var smoothed = old < 0 ? sample.Ticks : old - (old / 8) + (sample.Ticks / 8);
        Volatile.Write(ref _smoothedRoundTripTicks, smoothed);
        _roundTrip.Set(TimeSpan.FromTicks(smoothed).TotalSeconds);
    }

    /// <summary>The session opened: it is in the queue distribution from now on (empty), before its first check.</summary>
    public void Opened() => _queue.Set(0);

    /// <summary>The keep-alive check's sample (its loop only): the send rate since the last check, and the queue now.</summary>
    public void Check(long now, TimeProvider time, long queuedBytes)
    {
        var sent = BytesSent;
        if (_checkedAt != 0 && time.GetElapsedTime(_checkedAt, now).TotalSeconds is var seconds and > 0)
        {
            _sendRate.Set((sent - _bytesSentAtCheck) / seconds);
        }

        (_checkedAt, _bytesSentAtCheck) = (now, sent);
        _queue.Set(queuedBytes);
    }

    /// <summary>Takes the link out of the distributions over peers (the session closed).</summary>
    public void Closed()
    {
        _roundTrip.Remove();
        _sendRate.Remove();
        _queue.Remove();
    }

    public TimeSpan? SmoothedRoundTrip => Volatile.Read(ref _smoothedRoundTripTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    public long MessagesSent => Volatile.Read(ref _messagesSent);

    public long MessagesReceived => Volatile.Read(ref _messagesReceived);

    public long BytesSent => Volatile.Read(ref _bytesSent);

    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Drops by reason, every reason present (zeros included), in the enum's order.</summary>
    public IReadOnlyDictionary<DropReason, long> Drops =>
        Enum.GetValues<DropReason>().ToDictionary(reason => reason, reason => Volatile.Read(ref _drops[(int)reason]));
}

/// <summary>One session as <c>network.peers</c> shows it: a snapshot, taken without stopping the session.</summary>
public sealed record PeerLinkState(
    Did Peer,
    string Address,
    Direction Direction,
    DateTimeOffset ConnectedSince,
    TrustClass Class,
    TimeSpan? RoundTrip,
    TimeSpan? SmoothedRoundTrip,
    TimeSpan ClockOffset,
    long MessagesSent,
    long MessagesReceived,
    long BytesSent,
    long BytesReceived,
    long QueuedBytes,
    IReadOnlyDictionary<DropReason, long> Drops);
