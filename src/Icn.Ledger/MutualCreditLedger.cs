using Icn.Core.Amounts;
using Icn.Core.Canonical;
using Icn.Core.Hashing;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;
using Icn.Ledger.Storage;

namespace Icn.Ledger;

/// <summary>What became of a record offered to the ledger.</summary>
public enum Arrival
{
    Applied,
    Pending,
    Rejected,
    Duplicate,
    Malformed,
}

/// <summary>
/// One node's mutual-credit ledger: the journal in SQLite, and the state the rules derive from it.
/// Local operations are validated, signed and applied, and acknowledged once committed (concurrent
/// ones share a commit); records from peers are verified, committed and replayed so that arrival
/// order never matters. Every entry point takes one lock.
/// </summary>
public sealed partial class MutualCreditLedger : IDisposable
{
    /// <summary>
    /// Most records kept in quarantine, for each of the two kinds (refused for their signature or date;
    /// refused by the rules); the oldest go first.
    /// </summary>
    public const int QuarantineCapacity = 10_000;

    /// <summary>How long a refused record is kept for inspection.</summary>
    public static readonly TimeSpan QuarantineMaxAge = TimeSpan.FromDays(30);

    /// <summary>Records from peers dated further ahead of this node's clock are refused (as invalid).</summary>
    public static readonly TimeSpan MaxClockSkew = Core.Time.SignedTimestamps.MaxAhead;

    private readonly Lock _gate = new();
    private readonly ILedgerStore _store;
    private readonly LedgerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Dictionary<ContentHash, LedgerRecord> _journal = [];
    private readonly HashSet<ContentHash> _dropped;
    private readonly HashSet<ContentHash> _counted = [];
    private Replay _replay;
    private Replay? _accounted;
    private int _appliedSeen;
    private int _rejectedSeen;
    private int _storedQuarantine;
    private readonly List<(LedgerRecord Record, TaskCompletionSource<LedgerRecord> Durable)> _unjournaled = [];
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private bool _flushing;

    public MutualCreditLedger(ILedgerStore store, LedgerMetrics metrics, TimeProvider time)
    {
        _store = store;
        _metrics = metrics;
        _time = time;
        _dropped = store.LoadDropped();
        Load(store.LoadJournal());
        _storedQuarantine = store.LoadQuarantine().Count;
        _replay = Replay.Run(_journal.Values);
        Account();
    }

    /// <summary>
    /// Raised for each record created here, in order, once it is durable (outside the ledger's lock):
    /// the host publishes it on gossip topic <c>ledger:&lt;currency&gt;</c>.
    /// </summary>
    public event Action<LedgerRecord>? Created;

    public LedgerState State
    {
        get
        {
            lock (_gate)
            {
                return _replay.State;
            }
        }
    }

    /// <summary>Offers records from peers (encoded), in one commit. Returns what became of each.</summary>
    public IReadOnlyList<Arrival> Receive(IReadOnlyList<byte[]> encoded)
    {
        var started = _time.GetTimestamp();
        lock (_gate)
        {
            var arrivals = new Arrival[encoded.Count];
            var fresh = Screen(encoded, arrivals);
            Verify(fresh, encoded, arrivals);
            Commit(fresh, arrivals);
            _metrics.ApplyDuration.Record(_time.GetElapsedTime(started).TotalSeconds);
            return arrivals;
        }
    }

    /// <summary>
    /// Decodes each record and sets aside what needs no signature check: the malformed, those held (or dropped)
    /// already or twice in the batch, and those dated in the future. The rest, with their places in the batch.
    /// </summary>
    private List<(LedgerRecord Record, int Index)> Screen(IReadOnlyList<byte[]> encoded, Arrival[] arrivals)
    {
        var fresh = new List<(LedgerRecord, int)>();
        var seen = new HashSet<ContentHash>();
        for (var i = 0; i < encoded.Count; i++)
        {
            LedgerRecord record;
            try
            {
                record = LedgerRecord.Decode(encoded[i]);
            }
            catch (DecodeException)
            {
                _metrics.Rejected(RejectReason.Invalid);
                arrivals[i] = Arrival.Malformed;
                continue;
            }

            var id = record.Id;
            if (_journal.ContainsKey(id) || _dropped.Contains(id) || !seen.Add(id))
            {
                arrivals[i] = Arrival.Duplicate;
            }
            else if (record.TimestampMs > NowMs + (long)MaxClockSkew.TotalMilliseconds)
            {
                // Stateless and final: a record from the future would drag every later local record after it.
                arrivals[i] = QuarantineBytes(id, encoded[i], RejectReason.Invalid, "invalid: dated in the future");
            }
            else
            {
                fresh.Add((record, i));
            }
        }

        return fresh;
    }

    /// <summary>Checks signatures, spread over the cores (the costliest step, independent per record); bad ones go to quarantine.</summary>
    private void Verify(List<(LedgerRecord Record, int Index)> fresh, IReadOnlyList<byte[]> encoded, Arrival[] arrivals)
    {
        var valid = new bool[fresh.Count];
        Parallel.For(0, fresh.Count, k => valid[k] = fresh[k].Record.HasValidSignature());
        for (var k = fresh.Count - 1; k >= 0; k--)
        {
            if (!valid[k])
            {
                var (record, index) = fresh[k];
                arrivals[index] = QuarantineBytes(record.Id, encoded[index], RejectReason.BadSignature, RejectReason.BadSignature.Label());
                fresh.RemoveAt(k);
            }
        }
    }

    /// <summary>Commits the verified records in one transaction, replays the rules, and says what became of each.</summary>
    private void Commit(List<(LedgerRecord Record, int Index)> fresh, Arrival[] arrivals)
    {
        if (fresh.Count > 0)
        {
            var records = fresh.ConvertAll(f => f.Record);
            _store.Append(records, NowMs);
            Apply(records);
        }

        Account();
        foreach (var (record, index) in fresh)
        {
            arrivals[index] = Status(record.Id);
        }
    }

    /// <summary>Waits for records made here to reach the journal.</summary>
    public void Dispose()
    {
        _idle.Wait();
        _idle.Dispose();
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Keeps a record refused before the journal (signature, date) for inspection, and counts it.</summary>
    private Arrival QuarantineBytes(ContentHash id, byte[] bytes, RejectReason reason, string why)
    {
        _store.Quarantine(new QuarantinedBytes(id, bytes, why, NowMs), QuarantineCapacity, QuarantineMaxAge);
        _storedQuarantine++;
        _metrics.Rejected(reason);
        return Arrival.Rejected;
    }

    private Arrival Status(ContentHash id) => _replay.Outcomes.TryGetValue(id, out var outcome)
        ? outcome.Status switch
        {
            RecordStatus.Applied => Arrival.Applied,
            RecordStatus.Pending => Arrival.Pending,
            _ => Arrival.Rejected,
        }
        : Arrival.Duplicate;

    /// <summary>Adds verified records to the live journal, then replays: by appending when they sort last, else from the start.</summary>
    private void Apply(List<LedgerRecord> records)
    {
        foreach (var record in records)
        {
            _journal[record.Id] = record;
        }

        if (!records.OrderBy(r => r.TimestampMs).ThenBy(r => r.Id).All(_replay.TryAppend))
        {
            _replay = Replay.Run(_journal.Values);
        }
    }

    /// <summary>
    /// Brings the metrics up to the replay: each record counted once, when first applied or refused. Only
    /// what the replay added since the last call is read, unless it was rebuilt.
    /// </summary>
    private void Account()
    {
        if (!ReferenceEquals(_accounted, _replay))
        {
            (_accounted, _appliedSeen, _rejectedSeen) = (_replay, 0, 0);
        }

        var applied = _replay.Applied;
        for (; _appliedSeen < applied.Count; _appliedSeen++)
        {
            if (applied[_appliedSeen] is TransferRecord transfer && _counted.Add(transfer.Id))
            {
                _metrics.Transactions.Increment();
                var decimals = _replay.State.Currencies[transfer.Symbol].Decimals;
                _metrics.Amount.Record((double)MinorUnits.ToMajor(transfer.Amount, decimals));
            }
        }

        var rejected = _replay.Rejected;
        for (; _rejectedSeen < rejected.Count; _rejectedSeen++)
        {
            if (_counted.Add(rejected[_rejectedSeen]))
            {
                _metrics.Rejected(_replay.Outcomes[rejected[_rejectedSeen]].Reason!.Value);
            }
        }

        _metrics.Pending.Set(_replay.PendingCount);
        _metrics.Currencies.Set(_replay.State.Currencies.Count);
        _metrics.Accounts.Set(_replay.State.Balances.Count);
        _metrics.Quarantined.Set(QuarantinedCount);
    }
}
