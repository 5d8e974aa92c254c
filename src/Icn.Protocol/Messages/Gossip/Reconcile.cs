using Icn.Core.Canonical;
using Icn.Core.Hashing;

namespace Icn.Protocol.Messages.Gossip;

/// <summary>
/// One step of range-based set reconciliation over a topic's entries ordered by (timestamp, id).
/// The ranges are contiguous: each ends at its <see cref="ReconcileRange.Upper"/> bound, exclusive,
/// and starts where the previous one ended (the first at the lowest key). <see cref="Round"/> counts
/// the steps of one reconciliation so that a peer cannot keep it going forever.
/// </summary>
public sealed record Reconcile(string Topic, uint Round, IReadOnlyList<ReconcileRange> Ranges) : Message
{
    public override MessageType Type => MessageType.Reconcile;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Topic, GossipEntry.MaxTopicBytes);
        writer.VarU64(Round);
        writer.VarU64((ulong)Ranges.Count);
        var previous = 0L;
        foreach (var range in Ranges)
        {
            range.Upper.Write(ref writer, previous);
            previous = range.Upper.IsInfinity ? previous : range.Upper.TimestampMs;
            writer.U8((byte)range.Mode);
            switch (range.Mode)
            {
                case RangeMode.Fingerprint:
                    range.Fingerprint.Write(ref writer);
                    writer.VarU64(range.Count);
                    break;
                case RangeMode.IdList:
                case RangeMode.Have:
                    GossipLimits.WriteIds(ref writer, range.Ids);
                    break;
            }
        }
    }

    internal static Reconcile Read(ref CanonicalReader reader)
    {
        var topic = reader.String(GossipEntry.MaxTopicBytes);
        var round = reader.VarU64();
        if (round > uint.MaxValue)
        {
            throw new DecodeException("reconcile round exceeds 32 bits");
        }

        var ranges = new ReconcileRange[reader.Count(GossipLimits.MaxRanges)];
        var previous = 0L;
        for (var i = 0; i < ranges.Length; i++)
        {
            var upper = RangeBound.Read(ref reader, previous);
            previous = upper.IsInfinity ? previous : upper.TimestampMs;
            var mode = (RangeMode)reader.U8();
            ranges[i] = mode switch
            {
                RangeMode.Skip => ReconcileRange.Skip(upper),
                RangeMode.Fingerprint => ReconcileRange.Of(upper, RangeFingerprint.Read(ref reader), reader.VarU64()),
                RangeMode.IdList => ReconcileRange.IdList(upper, GossipLimits.ReadIds(ref reader, GossipLimits.MaxIds)),
                RangeMode.Have => ReconcileRange.Have(upper, GossipLimits.ReadIds(ref reader, GossipLimits.MaxIds)),
                _ => throw new DecodeException($"unknown range mode {(byte)mode}"),
            };
        }

        return new Reconcile(topic, (uint)round, ranges);
    }
}

/// <summary>What a range of a <see cref="Reconcile"/> message says about the sender's entries in it.</summary>
public enum RangeMode : byte
{
    /// <summary>Nothing to do here: the range is known to match.</summary>
    Skip = 0,

    /// <summary>The sender's fingerprint and count of the range; the receiver compares its own.</summary>
    Fingerprint = 1,

    /// <summary>Every id the sender has in the range; the receiver requests what it lacks and says what it has extra.</summary>
    IdList = 2,

    /// <summary>Ids the sender has in the range that the receiver lacks; the receiver requests them.</summary>
    Have = 3,
}

/// <summary>One range of a <see cref="Reconcile"/> message.</summary>
public sealed record ReconcileRange(RangeBound Upper, RangeMode Mode, RangeFingerprint Fingerprint, ulong Count, IReadOnlyList<ContentHash> Ids)
{
    public static ReconcileRange Skip(RangeBound upper) => new(upper, RangeMode.Skip, default, 0, []);

    public static ReconcileRange Of(RangeBound upper, RangeFingerprint fingerprint, ulong count) => new(upper, RangeMode.Fingerprint, fingerprint, count, []);

    public static ReconcileRange IdList(RangeBound upper, IReadOnlyList<ContentHash> ids) => new(upper, RangeMode.IdList, default, 0, ids);

    public static ReconcileRange Have(RangeBound upper, IReadOnlyList<ContentHash> ids) => new(upper, RangeMode.Have, default, 0, ids);
}

/// <summary>
/// The exclusive upper end of a range: a timestamp and the shortest id prefix that separates the
/// keys on either side (empty when the timestamps already do). <see cref="Infinity"/> ends the last range.
/// </summary>
public readonly record struct RangeBound(long TimestampMs, ReadOnlyMemory<byte> IdPrefix, bool IsInfinity = false)
{
    public static RangeBound Infinity { get; } = new(long.MaxValue, ReadOnlyMemory<byte>.Empty, true);

    /// <summary>Timestamps are sent as 1 + the difference from the previous bound, 0 meaning infinity.</summary>
    internal void Write(ref CanonicalWriter writer, long previous)
    {
        if (IsInfinity)
        {
            writer.VarU64(0);
            return;
        }

        writer.VarU64(1 + (ulong)(TimestampMs - previous));
        writer.VarU64((ulong)IdPrefix.Length);
        writer.Fixed(IdPrefix.Span);
    }

    internal static RangeBound Read(ref CanonicalReader reader, long previous)
    {
        var delta = reader.VarU64();
        if (delta == 0)
        {
            return Infinity;
        }

        var timestamp = previous + (long)(delta - 1);
        if (delta - 1 > long.MaxValue || timestamp < previous)
        {
            throw new DecodeException("range bound timestamp overflows");
        }

        var length = reader.VarU64();
        if (length > ContentHash.Length)
        {
            throw new DecodeException($"range bound id prefix of {length} bytes exceeds {ContentHash.Length}");
        }

        return new RangeBound(timestamp, reader.Fixed((int)length).ToArray());
    }

    public bool Equals(RangeBound other) =>
        TimestampMs == other.TimestampMs && IsInfinity == other.IsInfinity && IdPrefix.Span.SequenceEqual(other.IdPrefix.Span);

    public override int GetHashCode() => HashCode.Combine(TimestampMs, IsInfinity, IdPrefix.Length);
}

/// <summary>16 bytes summarising a set of ids: equal sets have equal fingerprints.</summary>
public readonly record struct RangeFingerprint(ulong High, ulong Low)
{
    public const int Length = 16;

    internal void Write(ref CanonicalWriter writer)
    {
        writer.U64(High);
        writer.U64(Low);
    }

    internal static RangeFingerprint Read(ref CanonicalReader reader) => new(reader.U64(), reader.U64());
}
