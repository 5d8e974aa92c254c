using Icn.Core.Hashing;
using Icn.Ledger.Records;

namespace Icn.Ledger.Storage;

/// <summary>
/// A ledger store in memory, for simulations and tests of many ledgers in one process. It outlives the
/// ledgers that use it, so a simulated restart finds what was stored before.
/// </summary>
public sealed class MemoryLedgerStore : ILedgerStore
{
    private readonly Lock _gate = new();
    private readonly List<StoredRecord> _journal = [];
    private readonly Dictionary<ContentHash, QuarantinedBytes> _quarantine = [];
    private readonly HashSet<ContentHash> _dropped = [];
    private long _rows;

    public string File => "memory";

    /// <summary>A memory store never crashes on its own; a test may say otherwise.</summary>
    public bool OpenedAfterCleanShutdown { get; init; } = true;

    public void Append(IReadOnlyList<LedgerRecord> records, long nowMs)
    {
        lock (_gate)
        {
            _journal.AddRange(records.Select(r => new StoredRecord(++_rows, r.Id, r.Encode())));
        }
    }

    public IReadOnlyList<StoredRecord> LoadJournal()
    {
        lock (_gate)
        {
            return [.. _journal];
        }
    }

    public void SetAside(IReadOnlyList<(StoredRecord Record, string Reason)> damaged, long nowMs)
    {
        lock (_gate)
        {
            foreach (var (record, reason) in damaged)
            {
                _journal.RemoveAll(r => r.Row == record.Row);
                _quarantine[record.Id] = new QuarantinedBytes(record.Id, record.Bytes, reason, nowMs);
            }
        }
    }

    public IReadOnlyList<string> CheckFile() => [];

    public void Drop(ContentHash id)
    {
        lock (_gate)
        {
            _journal.RemoveAll(r => r.Id == id);
            _quarantine.Remove(id);
            _dropped.Add(id);
        }
    }

    public void Forget(IReadOnlySet<ContentHash> ids)
    {
        lock (_gate)
        {
            _journal.RemoveAll(r => ids.Contains(r.Id));
        }
    }

    public HashSet<ContentHash> LoadDropped()
    {
        lock (_gate)
        {
            return [.. _dropped];
        }
    }

    public void Quarantine(QuarantinedBytes record, int capacity, TimeSpan maxAge)
    {
        lock (_gate)
        {
            _quarantine.TryAdd(record.Id, record);
            var oldest = record.AtMs - (long)maxAge.TotalMilliseconds;
            var kept = _quarantine.Values.Where(q => q.AtMs >= oldest).OrderByDescending(q => q.AtMs).Take(capacity).Select(q => q.Id).ToHashSet();
            foreach (var id in _quarantine.Keys.Where(id => !kept.Contains(id)).ToList())
            {
                _quarantine.Remove(id);
            }
        }
    }

    public IReadOnlyList<QuarantinedBytes> LoadQuarantine()
    {
        lock (_gate)
        {
            return [.. _quarantine.Values.OrderBy(q => q.AtMs)];
        }
    }

    public void Dispose()
    {
    }
}
