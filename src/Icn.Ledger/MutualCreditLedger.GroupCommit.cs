using Icn.Ledger.Records;
using Icn.Ledger.Rules;

namespace Icn.Ledger;

/// <summary>
/// Group commit for records made here. A synchronous commit costs one fsync (about 300 us on these
/// disks), far more than checking and signing a payment; records made while a commit is in flight
/// wait and share the next one. The caller that finds no commit in flight leads: it commits, on its
/// own thread, everything queued until the queue is empty, so a lone caller pays no thread hop. Each
/// caller is answered only once its record is durable, and only then is the record published, so
/// nothing lost in a crash was ever acknowledged or sent.
/// </summary>
public sealed partial class MutualCreditLedger
{
    /// <summary>
    /// Queues a record applied here for the journal (under the lock); the task completes once it is
    /// durable. <paramref name="lead"/> says whether the caller must now <see cref="Flush"/>.
    /// </summary>
    private Task<LedgerRecord> Journal(LedgerRecord record, out bool lead)
    {
        var durable = new TaskCompletionSource<LedgerRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        _unjournaled.Add((record, durable));
        lead = !_flushing;
        if (lead)
        {
            _flushing = true;
            _idle.Reset();
        }

        return durable.Task;
    }

    /// <summary>Commits what has queued up, one transaction at a time, until the queue is empty (outside the lock).</summary>
    private void Flush()
    {
        while (true)
        {
            (LedgerRecord Record, TaskCompletionSource<LedgerRecord> Durable)[] batch;
            LedgerRecord[] kept;
            lock (_gate)
            {
                if (_unjournaled.Count == 0)
                {
                    _flushing = false;
                    _idle.Set();
                    return;
                }

                // Records stay queued until committed, so that the integrity check sees them throughout.
                // One dropped from quarantine meanwhile (a replay refused it) is not written back.
                batch = [.. _unjournaled];
                kept = [.. batch.Select(b => b.Record).Where(r => _journal.ContainsKey(r.Id))];
            }

            Exception? failure = null;
            try
            {
                _store.Append(kept, NowMs);
            }
#pragma warning disable CA1031 // every failure is handed to the callers waiting on this commit
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
                Forget(kept);
            }

            lock (_gate)
            {
                _unjournaled.RemoveRange(0, batch.Length);
            }

            foreach (var (record, durable) in batch)
            {
                Answer(record, durable, failure ?? (kept.Contains(record) ? null
                    : new LedgerException(RejectReason.Invalid, $"record {record.Id} was dropped before it was committed")));
            }
        }
    }

    /// <summary>Publishes a committed record, then acknowledges it; or tells the caller why it was not committed.</summary>
    private void Answer(LedgerRecord record, TaskCompletionSource<LedgerRecord> durable, Exception? failure)
    {
        if (failure is not null)
        {
            durable.TrySetException(failure);
            return;
        }

        try
        {
            Created?.Invoke(record);
        }
#pragma warning disable CA1031 // the record is durable whatever a handler does; handlers report their own failures
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        durable.TrySetResult(record);
    }

    /// <summary>Takes records that could not be committed out of the live state again.</summary>
    private void Forget(IEnumerable<LedgerRecord> records)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _journal.Remove(record.Id);
            }

            _replay = Replay.Run(_journal.Values);
            Account();
        }
    }

    /// <summary>Records applied here but not yet committed, for the integrity check.</summary>
    private IEnumerable<LedgerRecord> Unjournaled => _unjournaled.Select(u => u.Record);
}
