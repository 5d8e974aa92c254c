using Icn.Core.Identity;
using Icn.Network.Transport;
using Icn.Trust;

namespace Icn.Network.Sessions;

/// <summary>
/// What one session has carried and how its link behaves, kept by the session for <c>network.peers</c> and the status
/// page, never as metric labels (a label per peer is a series per peer: the original system's issue 494).
/// Lock-free: the read loop, the write loop and the keep-alive loop each update their own fields.
/// </summary>
internal sealed class LinkStats
{
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
        Volatile.Write(ref _smoothedRoundTripTicks, old < 0 ? sample.Ticks : old - (old / 8) + (sample.Ticks / 8));
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
