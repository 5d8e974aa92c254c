using Icn.Core.Hashing;
using Icn.Gossip.Entries;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Reconciliation;

/// <summary>What one reconciliation step produced: the ranges to send back (none: done) and the ids to request.</summary>
internal sealed record ReconcileStep(IReadOnlyList<ReconcileRange> Reply, IReadOnlyList<ContentHash> Need);

/// <summary>
/// Range-based set reconciliation in the manner of Negentropy, as a pure function of the ranges
/// received and the keys held. A differing range is split into <see cref="GossipOptions.ReconcileBranching"/>
/// parts by count until parts are small enough to exchange as id lists, so the bytes exchanged grow with
/// the number of differences times log n, not with the size of the topic.
/// </summary>
internal static class RangeReconciler
{
    private const int IdBytes = ContentHash.Length;
    private const int FingerprintRangeBytes = 24;

    /// <summary>The first message of a reconciliation: everything, as one fingerprint or one id list.</summary>
    public static IReadOnlyList<ReconcileRange> Open(ReadOnlySpan<EntryKey> sorted, GossipOptions options) =>
        [Split(sorted, RangeBound.Infinity, options, int.MaxValue)[0] is { Mode: RangeMode.IdList } list
            ? list
            : ReconcileRange.Of(RangeBound.Infinity, RangeMath.Fingerprint(sorted), (ulong)sorted.Length)];

    public static ReconcileStep Process(IReadOnlyList<ReconcileRange> ranges, ReadOnlySpan<EntryKey> sorted, Func<ContentHash, bool> holds, GossipOptions options)
    {
        var step = new Answer(holds, options);
        var lower = 0;
        foreach (var range in ranges)
        {
            var upper = Math.Max(lower, RangeMath.LowerBound(sorted, range.Upper));
            if (step.OverBudget && range.Mode is RangeMode.Fingerprint or RangeMode.IdList)
            {
                // Over budget: fold everything left into one fingerprint; the peer continues from it next step.
                var last = ranges[^1].Upper;
                var end = Math.Max(lower, RangeMath.LowerBound(sorted, last));
                step.Output.Add(ReconcileRange.Of(last, RangeMath.Fingerprint(sorted[lower..end]), (ulong)(end - lower)));
                break;
            }

            step.Range(range, sorted[lower..upper]);
            lower = upper;
        }

        return new ReconcileStep(Compact(step.Output), step.Need);
    }

    /// <summary>The reply being built to one step: the ranges, the ids to request, and the bytes spent so far.</summary>
    private sealed class Answer(Func<ContentHash, bool> holds, GossipOptions options)
    {
        // Most ids listed back for one range before it is split instead.
        private readonly int _haveCap = Math.Max(options.ReconcileIdListThreshold, options.ReconcileMessageBytes / IdBytes / 2);
        private int _used;

        public List<ReconcileRange> Output { get; } = [];

        public List<ContentHash> Need { get; } = [];

        public bool OverBudget => _used > options.ReconcileMessageBytes;

        /// <summary>Answers one received range with what this node holds in it.</summary>
        public void Range(ReconcileRange range, ReadOnlySpan<EntryKey> mine)
        {
            switch (range.Mode)
            {
                case RangeMode.Fingerprint when RangeMath.Fingerprint(mine) == range.Fingerprint:
                    Output.Add(ReconcileRange.Skip(range.Upper));
                    break;
                case RangeMode.Fingerprint:
                    Add(Split(mine, range.Upper, options, _haveCap));
                    break;
                case RangeMode.IdList:
                    IdList(range, mine);
                    break;
                case RangeMode.Have:
                    Need.AddRange(range.Ids.Where(id => !holds(id)));
                    Output.Add(ReconcileRange.Skip(range.Upper));
                    break;
                default:
                    Output.Add(ReconcileRange.Skip(range.Upper));
                    break;
            }
        }

        // The peer listed its ids: request those missing here, and list back those it lacks.
        private void IdList(ReconcileRange range, ReadOnlySpan<EntryKey> mine)
        {
            var theirs = new HashSet<ContentHash>(range.Ids);
            Need.AddRange(range.Ids.Where(id => !holds(id)));
            var have = new List<ContentHash>();
            foreach (var key in mine)
            {
                if (!theirs.Contains(key.Id))
                {
                    have.Add(key.Id);
                }
            }

            if (have.Count > _haveCap)
            {
                // Too many to list at once: split, and the peer answers each part with its (short) id list.
                Add(Split(mine, range.Upper, options, 0));
                return;
            }

            Output.Add(have.Count == 0 ? ReconcileRange.Skip(range.Upper) : ReconcileRange.Have(range.Upper, have));
            _used += have.Count * IdBytes;
        }

        private void Add(List<ReconcileRange> parts)
        {
            Output.AddRange(parts);
            _used += parts.Sum(Size);
        }
    }

    /// <summary>
    /// Splits my keys of a differing range: an id list when few (at most the threshold, and at most
    /// <paramref name="listCap"/>), else fingerprints of parts of about equal counts.
    /// </summary>
    private static List<ReconcileRange> Split(ReadOnlySpan<EntryKey> mine, RangeBound upper, GossipOptions options, int listCap)
    {
        if (mine.Length <= Math.Min(options.ReconcileIdListThreshold, Math.Max(listCap, 0)) || mine.Length <= 1)
        {
            var ids = new ContentHash[mine.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = mine[i].Id;
            }

            return [ReconcileRange.IdList(upper, ids)];
        }

        var parts = Math.Min(options.ReconcileBranching, mine.Length);
        var result = new List<ReconcileRange>(parts);
        var start = 0;
        for (var k = 1; k <= parts; k++)
        {
            var end = k == parts ? mine.Length : mine.Length * k / parts;
            var bound = k == parts ? upper : RangeMath.Between(mine[end - 1], mine[end]);
            var part = mine[start..end];
            result.Add(ReconcileRange.Of(bound, RangeMath.Fingerprint(part), (ulong)part.Length));
            start = end;
        }

        return result;
    }

    /// <summary>Merges runs of skips into one and drops trailing skips: what is not mentioned matches.</summary>
    private static List<ReconcileRange> Compact(List<ReconcileRange> ranges)
    {
        var compact = new List<ReconcileRange>(ranges.Count);
        foreach (var range in ranges)
        {
            if (range.Mode == RangeMode.Skip && compact.Count > 0 && compact[^1].Mode == RangeMode.Skip)
            {
                compact[^1] = range;
            }
            else
            {
                compact.Add(range);
            }
        }

        while (compact.Count > 0 && compact[^1].Mode == RangeMode.Skip)
        {
            compact.RemoveAt(compact.Count - 1);
        }

        return compact;
    }

    private static int Size(ReconcileRange range) => range.Mode switch
    {
        RangeMode.Fingerprint => FingerprintRangeBytes,
        _ => 8 + (range.Ids.Count * IdBytes),
    };
}
