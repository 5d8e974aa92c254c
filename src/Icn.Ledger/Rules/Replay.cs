using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Ledger.Records;

namespace Icn.Ledger.Rules;

/// <summary>What a replay decided about a record.</summary>
public enum RecordStatus
{
    Applied,

    /// <summary>Waits for an earlier sequence number of the same payer.</summary>
    Pending,

    Rejected,
}

/// <summary>
/// The ledger's rules as a function of the <em>set</em> of records, so that every node holding the same
/// records computes the same balances whatever order they arrived in. Currencies come first, in
/// (timestamp, id) order, the first of a symbol winning; then limits and transfers in (timestamp, id)
/// order, except that a transfer whose sequence number is ahead of its payer's waits and is taken up
/// as soon as the gap fills. Of two transfers with one sequence number (a fork, such as a restored
/// device), the first in that order that is valid applies and the other is rejected as a fork. A
/// transfer refused for its amount or the payer's limit does not use up its sequence number.
/// </summary>
public sealed class Replay
{
    private readonly Dictionary<ContentHash, (RecordStatus Status, RejectReason? Reason)> _outcomes = [];
    private readonly Dictionary<(string, Did), SortedDictionary<ulong, List<(LedgerRecord Record, ContentHash Id)>>> _waiting = [];
    private (long TimestampMs, ContentHash Id) _last = (long.MinValue, default);

    private Replay()
    {
    }

    public LedgerState State { get; } = new();

    public IReadOnlyDictionary<ContentHash, (RecordStatus Status, RejectReason? Reason)> Outcomes => _outcomes;

    private readonly List<LedgerRecord> _applied = [];
    private readonly List<ContentHash> _rejected = [];

    /// <summary>Records applied so far, in the order they were applied (the ledger's history).</summary>
    public IReadOnlyList<LedgerRecord> Applied => _applied;

    /// <summary>Records refused so far, in the order they were refused.</summary>
    public IReadOnlyList<ContentHash> Rejected => _rejected;

    /// <summary>The latest timestamp replayed so far (long.MinValue when nothing has been).</summary>
    public long LastTimestampMs => _last.TimestampMs;

    /// <summary>Transfers waiting for an earlier sequence number now.</summary>
    public int PendingCount { get; private set; }

    /// <summary>Replays a whole journal from nothing.</summary>
    public static Replay Run(IEnumerable<LedgerRecord> records)
    {
        var replay = new Replay();
        var ordered = records.Select(r => (Record: r, Id: r.Id)).OrderBy(r => r.Record.TimestampMs).ThenBy(r => r.Id).ToList();
        foreach (var (record, id) in ordered.Where(r => r.Record is CurrencyRecord))
        {
            replay.Decide(record, id);
        }

        foreach (var (record, id) in ordered.Where(r => r.Record is not CurrencyRecord))
        {
            replay.Append(record, id);
        }

        return replay;
    }

    /// <summary>
    /// Continues the replay with one more record when that gives the same result as replaying
    /// everything again: a limit or transfer that sorts after every record so far. False otherwise; the
    /// caller then replays the whole journal.
    /// </summary>
    public bool TryAppend(LedgerRecord record)
    {
        var id = record.Id;
        if (record is CurrencyRecord || (record.TimestampMs, id).CompareTo(_last) <= 0)
        {
            return false;
        }

        Append(record, id);
        return true;
    }

    private void Append(LedgerRecord record, ContentHash id)
    {
        _last = (record.TimestampMs, id);
        if (record is TransferRecord t && t.Sequence > State.NextSequence(t.Symbol, t.Payer))
        {
            var chain = _waiting.TryGetValue((t.Symbol, t.Payer), out var c) ? c : _waiting[(t.Symbol, t.Payer)] = [];
            (chain.TryGetValue(t.Sequence, out var list) ? list : chain[t.Sequence] = []).Add((record, id));
            _outcomes[id] = (RecordStatus.Pending, null);
            PendingCount++;
            return;
        }

        if (Decide(record, id) && record is TransferRecord applied)
        {
            Release(applied.Symbol, applied.Payer);
        }
    }

    private bool Decide(LedgerRecord record, ContentHash id)
    {
        var reason = State.Check(record);
        if (reason is null)
        {
            State.Apply(record);
            _outcomes[id] = (RecordStatus.Applied, null);
            _applied.Add(record);
            return true;
        }

        _outcomes[id] = (RecordStatus.Rejected, reason);
        _rejected.Add(id);
        return false;
    }

    // The payer's next transfers may have been waiting: take them up in sequence, then (timestamp, id), order.
    private void Release(string currency, Did payer)
    {
        if (!_waiting.TryGetValue((currency, payer), out var chain))
        {
            return;
        }

        while (chain.Count > 0)
        {
            var (sequence, candidates) = chain.First();
            if (sequence > State.NextSequence(currency, payer))
            {
                return;
            }

            chain.Remove(sequence);
            PendingCount -= candidates.Count;
            var appliedOne = false;
            foreach (var (record, id) in candidates)
            {
                appliedOne |= Decide(record, id);
            }

            if (!appliedOne)
            {
                return;
            }
        }
    }
}
