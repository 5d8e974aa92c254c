using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;
using Icn.Ledger.Storage;

namespace Icn.Ledger;

/// <summary>A refused record as shown to people: the record (when it decodes), why, since when, and its bytes as received.</summary>
public sealed record QuarantineEntry(ContentHash Id, LedgerRecord? Record, string Reason, long SinceMs, byte[] Bytes);

/// <summary>The result of comparing the live state with a replay of the journal as stored.</summary>
/// <summary>Currencies, accounts, applied transfers, quarantined and pending records, now.</summary>
public sealed record LedgerCounts(int Currencies, int Accounts, int Transfers, int Quarantined, int Pending);

public sealed record IntegrityReport(bool Ok, int Records, IReadOnlyList<string> Differences);

public sealed partial class MutualCreditLedger
{
    /// <summary>Transfers applied that involve <paramref name="account"/>, oldest first.</summary>
    public IReadOnlyList<TransferRecord> History(Did account, string? currency = null)
    {
        lock (_gate)
        {
            return [.. _replay.Applied.OfType<TransferRecord>().Where(t => (t.Payer == account || t.Payee == account) && (currency is null || t.Symbol == currency))];
        }
    }

    /// <summary>Refused records: those whose signature failed, and those the rules refuse, with their reasons.</summary>
    /// <summary>The ledger in numbers now: what node.status and the status page show.</summary>
    public LedgerCounts Counts()
    {
        lock (_gate)
        {
            return new LedgerCounts(_replay.State.Currencies.Count, _replay.State.Balances.Count,
                _replay.Applied.Count(r => r is TransferRecord), QuarantinedCount, _replay.PendingCount);
        }
    }

    /// <summary>Records held in quarantine: those stored there (up to its capacity) and those refused in the replay.</summary>
    private int QuarantinedCount => Math.Min(_storedQuarantine, QuarantineCapacity) + _replay.Rejected.Count;

    public IReadOnlyList<QuarantineEntry> Quarantine()
    {
        lock (_gate)
        {
            var stored = _store.LoadQuarantine().Select(q => new QuarantineEntry(q.Id, TryDecode(q.Bytes), q.Reason, q.AtMs, q.Bytes));
            var refused = _replay.Outcomes.Where(o => o.Value.Status == RecordStatus.Rejected)
                .Select(o => new QuarantineEntry(o.Key, _journal[o.Key], o.Value.Reason!.Value.Label(), _journal[o.Key].TimestampMs, _journal[o.Key].Encode()));
            return [.. stored.Concat(refused).OrderBy(q => q.SinceMs)];
        }
    }

    /// <summary>Removes a refused record for good; it is refused if it arrives again. False if it is not in quarantine.</summary>
    public bool Drop(ContentHash id)
    {
        lock (_gate)
        {
            var inQuarantine = _store.LoadQuarantine().Any(q => q.Id == id)
                || (_replay.Outcomes.TryGetValue(id, out var outcome) && outcome.Status == RecordStatus.Rejected);
            if (!inQuarantine)
            {
                return false;
            }

            _store.Drop(id);
            _dropped.Add(id);
            _journal.Remove(id);
            _replay = Replay.Run(_journal.Values);
            Account();
            return true;
        }
    }

    /// <summary>
    /// Forgets records the rules refused that are older than <see cref="QuarantineMaxAge"/> (by their own
    /// date) or beyond the newest <see cref="QuarantineCapacity"/>, so that a peer signing refusals in a loop
    /// cannot fill the disk. Refusals change no balance, so forgetting one changes none either; it
    /// would matter only if a record dated earlier arrived later and made it valid. Returns how many.
    /// </summary>
    public int ExpireRefused()
    {
        lock (_gate)
        {
            var oldest = NowMs - (long)QuarantineMaxAge.TotalMilliseconds;
            var refused = _replay.Rejected.Select(id => _journal[id]).OrderByDescending(r => r.TimestampMs).ThenByDescending(r => r.Id).ToList();
            var expired = refused.Skip(QuarantineCapacity).Concat(refused.Take(QuarantineCapacity).Where(r => r.TimestampMs < oldest))
                .Select(r => r.Id).ToHashSet();
            if (expired.Count == 0)
            {
                return 0;
            }

            _store.Forget(expired);
            foreach (var id in expired)
            {
                _journal.Remove(id);
            }

            _replay = Replay.Run(_journal.Values);
            Account();
            return expired.Count;
        }
    }

    /// <summary>Evaluates a refused record again against the rules (after a limit change, say); returns what became of it.</summary>
    public Arrival Release(ContentHash id)
    {
        lock (_gate)
        {
            _replay = Replay.Run(_journal.Values);
            Account();
            return Status(id);
        }
    }

    /// <summary>
    /// Checks the file with SQLite's own integrity check, verifies every stored record again (decoding,
    /// id, signature), replays the journal as stored (with records made here that are being committed)
    /// and compares the result with the live state. Records set aside as damaged at start and not yet
    /// recovered count as differences. Only the snapshot is taken under the ledger's lock.
    /// </summary>
    public IntegrityReport CheckIntegrity()
    {
        IReadOnlyList<StoredRecord> rows;
        List<LedgerRecord> unjournaled;
        IReadOnlyDictionary<(string Currency, Did Account), long> live;
        int liveCount;
        var differences = new List<string>();
        lock (_gate)
        {
            differences.AddRange(_store.CheckFile().Select(problem => $"{_store.File}: {problem}"));
            rows = _store.LoadJournal();
            unjournaled = [.. Unjournaled];
            live = new Dictionary<(string, Did), long>(_replay.State.Balances);
            liveCount = _journal.Count;
            differences.AddRange(Damaged.Where(d => !_journal.ContainsKey(d.Id))
                .Select(d => $"record {d.Id} was set aside when {_store.File} was loaded ({d.Reason}) and has not been recovered from a replica"));
        }

        var verdicts = VerifyAll(rows);
        differences.AddRange(verdicts.Select((v, i) => (v.Problem, Row: rows[i])).Where(v => v.Problem is not null)
            .Select(v => $"{_store.File}: record {v.Row.Id} (row {v.Row.Row}) is {v.Problem}"));
        var stored = verdicts.Where(v => v.Record is not null).Select(v => v.Record!).UnionBy(unjournaled, r => r.Id).ToList();
        var fresh = Replay.Run(stored).State;
        foreach (var key in fresh.Balances.Keys.Union(live.Keys))
        {
            var (a, b) = (fresh.Balances.GetValueOrDefault(key), live.GetValueOrDefault(key));
            if (a != b)
            {
                differences.Add($"{key.Account} in {key.Currency}: journal says {a}, live state {b}");
            }
        }

        foreach (var (symbol, _) in fresh.Currencies)
        {
            var sum = fresh.Balances.Where(b => b.Key.Currency == symbol).Sum(b => b.Value);
            if (sum != 0)
            {
                differences.Add($"{symbol} sums to {sum}, not 0");
            }
        }

        if (stored.Count != liveCount)
        {
            differences.Add($"the journal holds {stored.Count} records, the live state {liveCount}");
        }

        return new IntegrityReport(differences.Count == 0, stored.Count, differences);
    }

    private static LedgerRecord? TryDecode(byte[] bytes)
    {
        try
        {
            return LedgerRecord.Decode(bytes);
        }
        catch (Core.Canonical.DecodeException)
        {
            return null;
        }
    }
}
