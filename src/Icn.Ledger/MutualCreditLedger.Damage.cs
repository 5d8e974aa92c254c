using Icn.Core.Canonical;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Ledger.Records;
using Icn.Ledger.Storage;

namespace Icn.Ledger;

/// <summary>
/// Damage and recovery: every stored record is verified when the journal is loaded, those that fail are
/// set aside (never the end of the node), and the host gives back from its replicas what is missing.
/// </summary>
public sealed partial class MutualCreditLedger
{
    /// <summary>
    /// Records found damaged in the journal when it was loaded (each set aside in quarantine with its
    /// reason): what the host reports until they are recovered from a replica.
    /// </summary>
    public IReadOnlyList<(ContentHash Id, string Reason)> Damaged { get; private set; } = [];

    /// <summary>Records set aside as damaged at load that no replica has given back yet.</summary>
    public IReadOnlyList<(ContentHash Id, string Reason)> UnrecoveredDamage()
    {
        lock (_gate)
        {
            return [.. Damaged.Where(d => !_journal.ContainsKey(d.Id))];
        }
    }

    /// <summary>Gives up on damaged records no replica gave back (an operator's decision): they no longer keep the node from being ready.</summary>
    public void GiveUpDamage()
    {
        lock (_gate)
        {
            Damaged = [.. Damaged.Where(d => _journal.ContainsKey(d.Id))];
        }
    }

    /// <summary>Records in the journal signed by <paramref name="signer"/>, in (timestamp, id) order.</summary>
    public IReadOnlyList<LedgerRecord> Authored(Did signer)
    {
        lock (_gate)
        {
            return [.. _journal.Values.Where(r => r.Signer == signer).OrderBy(r => r.TimestampMs).ThenBy(r => r.Id)];
        }
    }

    /// <summary>Counts records the journal lacked that a replica supplied again (the host knows which).</summary>
    public void CountRecovered(int count) => _metrics.Storage.RecoveredRecords.Add(count);

    /// <summary>
    /// Verifies every stored record (it decodes, hashes to the id it was stored under, and its signature
    /// holds) and keeps those that pass. One that fails never stops the node: it is moved to quarantine
    /// with its reason and counted, and the host repairs it from a replica.
    /// </summary>
    private void Load(IReadOnlyList<StoredRecord> rows)
    {
        var verdicts = VerifyAll(rows);
        var damaged = new List<(StoredRecord, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (verdicts[i] is (_, { } problem))
            {
                damaged.Add((rows[i], problem));
                _metrics.Storage.DamagedRecords.Increment();
            }
            else
            {
                _journal[verdicts[i].Record!.Id] = verdicts[i].Record!;
            }
        }

        if (damaged.Count > 0)
        {
            _store.SetAside(damaged, NowMs);
            Damaged = [.. damaged.Select(d => (d.Item1.Id, d.Item2))];
        }
    }

    /// <summary>Verifies stored rows, spread over the cores (a signature check is the costly part): a record or a problem for each.</summary>
    private static (LedgerRecord? Record, string? Problem)[] VerifyAll(IReadOnlyList<StoredRecord> rows)
    {
        var verdicts = new (LedgerRecord? Record, string? Problem)[rows.Count];
        Parallel.For(0, rows.Count, i => verdicts[i] = Verify(rows[i]));
        return verdicts;
    }

    private static (LedgerRecord?, string?) Verify(StoredRecord row)
    {
        LedgerRecord record;
        try
        {
            record = LedgerRecord.Decode(row.Bytes);
        }
        catch (DecodeException e)
        {
            return (null, $"damaged on disk: does not decode ({e.Message})");
        }

        return record.Id != row.Id ? (null, $"damaged on disk: its content hashes to {record.Id}, not to the id it was stored under")
            : !record.HasValidSignature() ? (null, "damaged on disk: its signature does not verify")
            : (record, null);
    }
}
