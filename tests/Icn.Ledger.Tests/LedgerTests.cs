using Icn.Identity.Keys;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;
using Icn.Ledger.Storage;
using Icn.Observability.Registry;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Ledger.Tests;

/// <summary>One node's ledger on a real SQLite file.</summary>
public sealed class SqliteLedgerTests : LedgerTests
{
    protected override ILedgerStore OpenStore() => new SqliteLedgerStore(Dir.File("ledger.db"));

    protected override void CloseStore(ILedgerStore store) => store.Dispose();
}

/// <summary>The same behaviour on the in-memory store that simulations use.</summary>
public sealed class MemoryLedgerTests : LedgerTests
{
    private readonly MemoryLedgerStore _memory = new();

    protected override ILedgerStore OpenStore() => _memory;

    protected override void CloseStore(ILedgerStore store)
    {
        // kept: a simulated restart finds what was stored before
    }
}

/// <summary>One node's ledger on either store: local operations, records from peers, quarantine, restarts.</summary>
public abstract class LedgerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly IdentityKeyPair _alice = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private readonly IdentityKeyPair _bob = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
    private MetricRegistry _registry = new();
    private ILedgerStore _store;
    private MutualCreditLedger _ledger;

    protected LedgerTests()
    {
        _store = OpenStore();
        _ledger = new MutualCreditLedger(_store, new LedgerMetrics(_registry), _time);
    }

    protected TempDirectory Dir { get; } = new();

    /// <summary>Opens the store, or opens it again after <see cref="CloseStore"/> (a restart).</summary>
    protected abstract ILedgerStore OpenStore();

    protected abstract void CloseStore(ILedgerStore store);

    public async ValueTask InitializeAsync() => await _ledger.CreateCurrencyAsync(_alice, "HOUR", 2, "hours of work", defaultCreditLimit: 1_000);

    public ValueTask DisposeAsync()
    {
        _ledger.Dispose();
        _store.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Payment_moves_minor_units_and_is_counted_in_major_units()
    {
        await _ledger.PayAsync(_alice, _bob.Did, "HOUR", 250, "gardening");

        Assert.Equal(-250, _ledger.State.Balance("HOUR", _alice.Did));
        Assert.Equal(250, _ledger.State.Balance("HOUR", _bob.Did));
        Assert.Equal(1, _registry.Counter(Icn.Ledger.LedgerCatalogue.Transactions).Value);
        Assert.Equal(2, _registry.Gauge(Icn.Ledger.LedgerCatalogue.AccountsTotal).Value);
        Assert.Equal(1, _registry.Gauge(Icn.Ledger.LedgerCatalogue.CurrenciesTotal).Value);
        var amounts = _registry.Histogram(Icn.Ledger.LedgerCatalogue.TransactionAmount);
        Assert.Equal(1, amounts.Count);
        Span<long> buckets = stackalloc long[amounts.UpperBounds.Count + 1];
        Assert.Equal(2.5, amounts.Snapshot(buckets));
    }

    [Theory]
    [InlineData(0, "HOUR", "the amount must be positive, not 0", RejectReason.Invalid)]
    [InlineData(-5, "HOUR", "the amount must be positive, not -5", RejectReason.Invalid)]
    [InlineData(10, "NOPE", "currency 'NOPE' does not exist here", RejectReason.UnknownCurrency)]
    [InlineData(1_001, "HOUR", "would take did:icn:", RejectReason.OverLimit)]
    [InlineData(1_001, "HOUR", "to -10.01 HOUR, below its credit limit of -10.00 HOUR", RejectReason.OverLimit)]
    public async Task Bad_local_payments_are_refused_with_a_clear_error_and_change_nothing(long amount, string currency, string message, RejectReason reason)
    {
        var error = await Assert.ThrowsAsync<LedgerException>(() => _ledger.PayAsync(_alice, _bob.Did, currency, amount, ""));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(reason, error.Reason);
        Assert.Empty(_ledger.State.Balances);
        Assert.Equal(1, _registry.Counter(Icn.Ledger.LedgerCatalogue.Rejected, reason.Label()).Value);
        Assert.True(_ledger.CheckIntegrity().Ok);
    }

    [Fact]
    public async Task Paying_oneself_is_refused()
    {
        var error = await Assert.ThrowsAsync<LedgerException>(() => _ledger.PayAsync(_alice, _alice.Did, "HOUR", 5, ""));
        Assert.Contains("cannot pay itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_record_with_a_bad_signature_is_quarantined_with_its_reason_and_not_applied()
    {
        var forged = new TransferRecord(_bob.Did, _alice.Did, "HOUR", 10, "", 1, _time.GetUtcNow().ToUnixTimeMilliseconds()) { Signature = new byte[64] };

        var arrival = _ledger.Receive([forged.Encode()]);

        Assert.Equal([Arrival.Rejected], arrival);
        Assert.Empty(_ledger.State.Balances);
        var quarantined = Assert.Single(_ledger.Quarantine());
        Assert.Equal(("bad_signature", forged.Id), (quarantined.Reason, quarantined.Id));
        Assert.Equal(1, _registry.Counter(Icn.Ledger.LedgerCatalogue.Rejected, "bad_signature").Value);
        Assert.Equal(1, _registry.Gauge(Icn.Ledger.LedgerCatalogue.Quarantined).Value);
    }

    [Fact]
    public async Task A_replayed_transfer_is_a_duplicate_and_a_fork_of_its_sequence_is_quarantined()
    {
        var paid = await _ledger.PayAsync(_alice, _bob.Did, "HOUR", 100, "first");
        _time.Advance(TimeSpan.FromSeconds(1));
        var fork = (TransferRecord)(paid with { Amount = 999, SentMs = paid.SentMs + 1000 }).SignedBy(_alice);

        Assert.Equal([Arrival.Duplicate], _ledger.Receive([paid.Encode()]));
        Assert.Equal([Arrival.Rejected], _ledger.Receive([fork.Encode()]));

        Assert.Equal(100, _ledger.State.Balance("HOUR", _bob.Did));
        Assert.Equal("fork", Assert.Single(_ledger.Quarantine()).Reason);
        Assert.True(_ledger.Drop(fork.Id));
        Assert.Empty(_ledger.Quarantine());
        Assert.Equal([Arrival.Duplicate], _ledger.Receive([fork.Encode()])); // dropped for good
    }

    [Fact]
    public void Malformed_bytes_from_a_peer_are_refused_without_touching_the_store()
    {
        Assert.Equal([Arrival.Malformed, Arrival.Malformed], _ledger.Receive([[], [2, 0, 0, 1]]));
        Assert.True(_ledger.CheckIntegrity().Ok);
    }

    [Fact]
    public async Task Concurrent_payments_share_commits_and_are_each_acknowledged_durable_and_published_in_order()
    {
        var published = new List<TransferRecord>();
        _ledger.Created += record => published.Add((TransferRecord)record);

        var paid = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => _ledger.PayAsync(_alice, _bob.Did, "HOUR", 1, $"{i}"))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (ulong)i), paid.Select(p => p.Sequence).Order());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (ulong)i), published.Select(p => p.Sequence));
        var stored = _store.LoadJournal().Select(row => LedgerRecord.Decode(row.Bytes).Id).ToHashSet();
        Assert.All(paid, p => Assert.Contains(p.Id, stored));
        Assert.Equal(200, _ledger.State.Balance("HOUR", _bob.Did));
        Assert.True(_ledger.CheckIntegrity().Ok);
    }

    [Fact]
    public void Refused_records_are_forgotten_after_thirty_days_and_balances_do_not_move()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var overdraft = new TransferRecord(_bob.Did, _alice.Did, "HOUR", 5_000, "", 1, now).SignedBy(_bob);
        Assert.Equal([Arrival.Rejected], _ledger.Receive([overdraft.Encode()]));
        var balances = _ledger.State.Balances.ToDictionary();

        Assert.Equal(0, _ledger.ExpireRefused());
        _time.Advance(MutualCreditLedger.QuarantineMaxAge + TimeSpan.FromSeconds(1));
        Assert.Equal(1, _ledger.ExpireRefused());

        Assert.Empty(_ledger.Quarantine());
        Assert.Equal(0, _registry.Gauge(Icn.Ledger.LedgerCatalogue.Quarantined).Value);
        Assert.Equal(balances, _ledger.State.Balances);
        Assert.DoesNotContain(_store.LoadJournal(), row => row.Id == overdraft.Id);
        Assert.True(_ledger.CheckIntegrity().Ok);
    }

    [Fact]
    public void Refused_records_beyond_the_quarantine_capacity_are_forgotten_oldest_first()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var refused = Enumerable.Range(1, MutualCreditLedger.QuarantineCapacity + 5)
            .Select(i => new TransferRecord(_bob.Did, _alice.Did, "HOUR", 5_000 + i, "", 1, now - i).SignedBy(_bob))
            .ToList();
        Assert.All(_ledger.Receive([.. refused.Select(r => r.Encode())]), arrival => Assert.Equal(Arrival.Rejected, arrival));

        Assert.Equal(5, _ledger.ExpireRefused());

        var kept = _ledger.Quarantine().Select(q => q.Id).ToHashSet();
        Assert.Equal(MutualCreditLedger.QuarantineCapacity, kept.Count);
        Assert.All(refused.Take(MutualCreditLedger.QuarantineCapacity), r => Assert.Contains(r.Id, kept)); // the newest
        Assert.True(_ledger.CheckIntegrity().Ok);
    }

    [Fact]
    public async Task Everything_acknowledged_is_there_after_reopening_and_the_integrity_check_passes()
    {
        for (var i = 0; i < 20; i++)
        {
            await _ledger.PayAsync(i % 2 == 0 ? _alice : _bob, i % 2 == 0 ? _bob.Did : _alice.Did, "HOUR", 10 + i, $"payment {i}");
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        var before = _ledger.State.Balances.ToDictionary();
        CloseStore(_store);
        _registry = new MetricRegistry();
        _store = OpenStore();
        _ledger = new MutualCreditLedger(_store, new LedgerMetrics(_registry), _time);

        Assert.Equal(before, _ledger.State.Balances);
        Assert.Equal(20, _registry.Counter(Icn.Ledger.LedgerCatalogue.Transactions).Value);
        var report = _ledger.CheckIntegrity();
        Assert.True(report.Ok, string.Join('\n', report.Differences));
        Assert.Equal(21, report.Records);
    }

    [Fact]
    public void A_transfer_over_the_limit_from_a_peer_applies_once_the_creator_raises_the_limit()
    {
        var big = (TransferRecord)new TransferRecord(_bob.Did, _alice.Did, "HOUR", 5_000, "", 1, _time.GetUtcNow().ToUnixTimeMilliseconds() + 10).SignedBy(_bob);

        Assert.Equal([Arrival.Rejected], _ledger.Receive([big.Encode()]));
        Assert.Equal("over_limit", Assert.Single(_ledger.Quarantine()).Reason);

        var raise = new CreditLimitRecord("HOUR", _bob.Did, 10_000, _alice.Did, _time.GetUtcNow().ToUnixTimeMilliseconds()).SignedBy(_alice);
        _ledger.Receive([raise.Encode()]);

        Assert.Equal(Arrival.Applied, _ledger.Release(big.Id));
        Assert.Equal(-5_000, _ledger.State.Balance("HOUR", _bob.Did));
        Assert.Empty(_ledger.Quarantine());
    }

    [Theory]
    [InlineData(0, "HOUR", "invalid")]
    [InlineData(-7, "HOUR", "invalid")]
    [InlineData(10, "NOPE", "unknown_currency")]
    public void Bad_transfers_from_a_peer_are_quarantined_with_their_reason_and_corrupt_nothing(long amount, string currency, string reason)
    {
        var bad = new TransferRecord(_bob.Did, _alice.Did, currency, amount, "", 1, _time.GetUtcNow().ToUnixTimeMilliseconds() + 1).SignedBy(_bob);

        Assert.Equal([Arrival.Rejected], _ledger.Receive([bad.Encode()]));

        var quarantined = Assert.Single(_ledger.Quarantine());
        Assert.Equal((bad.Id, reason), (quarantined.Id, quarantined.Reason));
        Assert.Empty(_ledger.State.Balances);
        Assert.Equal(1, _registry.Counter(Icn.Ledger.LedgerCatalogue.Rejected, reason).Value);
        Assert.True(_ledger.CheckIntegrity().Ok);

        // The payer's sequence number 1 is still free: a valid transfer with it applies.
        var good = new TransferRecord(_bob.Did, _alice.Did, "HOUR", 5, "", 1, _time.GetUtcNow().ToUnixTimeMilliseconds() + 2).SignedBy(_bob);
        Assert.Equal([Arrival.Applied], _ledger.Receive([good.Encode()]));
    }
}
