using BenchmarkDotNet.Attributes;
using Icn.Identity.Keys;
using Icn.Ledger;
using Icn.Ledger.Records;
using Icn.Ledger.Storage;
using Icn.Observability.Registry;

namespace Icn.Benchmarks.Ledger;

/// <summary>
/// One node's ledger on a SQLite file (WAL, synchronous=FULL). "one at a time": a local payment is
/// checked, signed, applied and committed, by one caller or by 16 at once (sharing commits). "batched": signed transfers from peers arrive 1,000 at a
/// time, are verified (in parallel), committed in one transaction and applied. Time is per transfer.
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const int Batch = 1000;
    private readonly IdentityKeyPair[] _members = [.. Enumerable.Range(1, 8).Select(i => IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)i, 32).ToArray()))];
    private string _folder = null!;
    private SqliteLedgerStore _store = null!;
    private MutualCreditLedger _ledger = null!;
    private readonly ulong[] _sequences = new ulong[8];
    private long _clock;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("icn-ledger-bench-").FullName;
        _store = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"));
        _ledger = new MutualCreditLedger(_store, new LedgerMetrics(new MetricRegistry()), TimeProvider.System);
        _ledger.CreateCurrencyAsync(_members[0], "HOUR", 2, "hours", long.MaxValue / 4).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// integrity after the run: {_ledger.CheckIntegrity().Ok}, {_ledger.State.Balances.Count} accounts");
        _ledger.Dispose();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "one at a time, one caller: pay (check, sign, apply, commit)")]
    public Task<TransferRecord> PayOneAtATime() => _ledger.PayAsync(_members[0], _members[1].Did, "HOUR", 1, "");

    /// <summary>
    /// Payments one per call, as RPC clients make them: 16 callers, each awaiting its payment's commit
    /// before making the next; concurrent payments share commits.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "one at a time, 16 callers: pay (check, sign, apply, commit)")]
    public async Task PayConcurrently()
    {
        const int Callers = 16;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = c; i < Batch; i += Callers)
            {
                await _ledger.PayAsync(_members[0], _members[1].Did, "HOUR", 1, "");
            }
        })));
    }

    [IterationSetup(Target = nameof(ReceiveBatched))]
    public void MakeBatch()
    {
        _batch = new byte[Batch][];
        for (var i = 0; i < Batch; i++)
        {
            var payer = 2 + (_next++ % 6);
            _clock = Math.Max(_clock + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            _batch[i] = new TransferRecord(_members[payer].Did, _members[(payer + 1) % 8].Did, "HOUR", 1, "", ++_sequences[payer], _clock)
                .SignedBy(_members[payer]).Encode();
        }
    }

    private byte[][] _batch = [];

    [Benchmark(OperationsPerInvoke = Batch, Description = "batched: receive 1,000 signed transfers (verify, commit, apply)")]
    public int ReceiveBatched() => _ledger.Receive(_batch).Count;
}
