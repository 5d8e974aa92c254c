using CsCheck;
using Icn.Identity.Keys;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;
using Icn.Ledger.Storage;
using Icn.Observability.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Ledger.Tests;

/// <summary>
/// Limits counted in one unit by writer and reader, and a journal damaged on disk: the ledger never
/// dies on a stored record, sets aside what fails verification, says so, and takes it back from a replica.
/// </summary>
public sealed class DamageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly IdentityKeyPair _alice = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private readonly IdentityKeyPair _bob = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_memo_over_the_limit_in_UTF8_bytes_is_refused_though_it_has_fewer_characters()
    {
        var (store, ledger, registry) = Open();
        using (store)
        using (ledger)
        {
            await ledger.CreateCurrencyAsync(_alice, "HOUR", 2, "hours", 1_000);
            var memo = string.Concat(Enumerable.Repeat("é", 200)); // 200 characters, 400 bytes of UTF-8

            var error = await Assert.ThrowsAsync<LedgerException>(() => ledger.PayAsync(_alice, _bob.Did, "HOUR", 5, memo));

            Assert.Equal("the memo is 400 bytes of UTF-8; the limit is 256 bytes", error.Message);
            Assert.Equal(RejectReason.Invalid, error.Reason);
            Assert.Equal(1, registry.Counter(Icn.Ledger.LedgerCatalogue.Rejected, "invalid").Value);
            Assert.Empty(ledger.State.Balances);
        }

        // The journal still opens: nothing undecodable was ever committed.
        var (again, reopened, _) = Open();
        using (again)
        using (reopened)
        {
            Assert.Single(reopened.State.Currencies);
            Assert.Empty(reopened.Damaged);
        }
    }

    [Fact]
    public async Task Every_record_the_ledger_accepts_locally_decodes_again_to_the_same_record()
    {
        var (store, ledger, _) = Open();
        using (store)
        using (ledger)
        {
            await ledger.CreateCurrencyAsync(_alice, "HOUR", 2, "hours", long.MaxValue / 4);
            var text = Gen.OneOf(Gen.Char.AlphaNumeric.Select(c => c.ToString()), Gen.Const("é"), Gen.Const("€"), Gen.Const("😀"),
                Gen.Const("\ud800"), Gen.Const("\u0000")).Array[0, 300].Select(string.Concat);
            Gen.Select(text, Gen.Long[1, 1_000]).Sample((memo, amount) =>
            {
                TransferRecord paid;
                try
                {
                    paid = ledger.PayAsync(_alice, _bob.Did, "HOUR", amount, memo).GetAwaiter().GetResult();
                }
                catch (LedgerException e) when (e.Reason == RejectReason.Invalid)
                {
                    return; // refused before it was signed: fine, as long as what is accepted reads back
                }

                var decoded = (TransferRecord)LedgerRecord.Decode(paid.Encode());
                Assert.Equal(paid.Id, decoded.Id);
                Assert.Equal(paid.Memo, decoded.Memo);
                Assert.True(decoded.HasValidSignature());
            }, iter: 300, seed: "0N0XIzNsQ0O2");
        }

        var (again, reopened, _) = Open();
        using (again)
        using (reopened)
        {
            Assert.Empty(reopened.Damaged);
            Assert.True(reopened.CheckIntegrity().Ok);
        }
    }

    [Fact]
    public async Task An_amount_edited_on_disk_is_set_aside_counted_and_taken_back_from_a_replica()
    {
        var (store, ledger, _) = Open();
        TransferRecord paid;
        byte[] original;
        using (store)
        using (ledger)
        {
            await ledger.CreateCurrencyAsync(_alice, "HOUR", 2, "hours", 1_000);
            paid = await ledger.PayAsync(_alice, _bob.Did, "HOUR", 250, "gardening");
            original = paid.Encode();
        }

        // Raise the amount inside the stored bytes, signature untouched.
        var edited = (paid with { Amount = 99_900 }).Encode()[..^LedgerRecord.SignatureLength].Concat(paid.Signature).ToArray();
        Sql($"UPDATE journal SET bytes = $bytes WHERE id = $id", ("$bytes", edited), ("$id", paid.Id.ToBytes()));

        var (again, reopened, registry) = Open();
        using (again)
        using (reopened)
        {
            Assert.Equal(0, reopened.State.Balance("HOUR", _bob.Did));
            var damage = Assert.Single(reopened.Damaged);
            Assert.Equal(paid.Id, damage.Id);
            Assert.StartsWith("damaged on disk: its content hashes to", damage.Reason, StringComparison.Ordinal);
            Assert.Equal(1, registry.Counter(Icn.Storage.StorageCatalogue.DamagedRecords, "ledger").Value);
            Assert.Contains(reopened.Quarantine(), q => q.Id == paid.Id && q.Reason == damage.Reason);
            var integrity = reopened.CheckIntegrity();
            Assert.False(integrity.Ok);
            Assert.Contains(integrity.Differences, d => d.Contains($"record {paid.Id} was set aside", StringComparison.Ordinal));

            // A replica (gossip.db or a peer) gives the original back.
            Assert.Equal([Arrival.Applied], reopened.Receive([original]));

            Assert.Empty(reopened.UnrecoveredDamage());
            Assert.Equal(250, reopened.State.Balance("HOUR", _bob.Did));
            Assert.True(reopened.CheckIntegrity().Ok, string.Join('\n', reopened.CheckIntegrity().Differences));
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("bad signature")]
    public async Task A_start_never_dies_on_a_bad_journal_record(string damage)
    {
        var (store, ledger, _) = Open();
        TransferRecord paid;
        using (store)
        using (ledger)
        {
            await ledger.CreateCurrencyAsync(_alice, "HOUR", 2, "hours", 1_000);
            paid = await ledger.PayAsync(_alice, _bob.Did, "HOUR", 250, "gardening");
        }

        var bytes = paid.Encode();
        byte[] broken = damage switch
        {
            "garbage" => [0xff, 1, 2, 3],
            "empty" => [],
            _ => [.. bytes[..^1], (byte)(bytes[^1] ^ 1)],
        };
        Sql("UPDATE journal SET bytes = $bytes WHERE id = $id", ("$bytes", broken), ("$id", paid.Id.ToBytes()));

        var (again, reopened, _) = Open();
        using (again)
        using (reopened)
        {
            var found = Assert.Single(reopened.Damaged);
            Assert.Contains(damage == "bad signature" ? "signature does not verify" : "does not decode", found.Reason, StringComparison.Ordinal);
            Assert.Single(reopened.State.Currencies);
            Assert.False(reopened.CheckIntegrity().Ok);
        }
    }

    [Fact]
    public async Task The_integrity_check_verifies_every_stored_record_again()
    {
        var (store, ledger, _) = Open();
        using (store)
        using (ledger)
        {
            await ledger.CreateCurrencyAsync(_alice, "HOUR", 2, "hours", 1_000);
            var paid = await ledger.PayAsync(_alice, _bob.Did, "HOUR", 250, "gardening");
            Assert.True(ledger.CheckIntegrity().Ok);

            var bytes = paid.Encode();
            Sql("UPDATE journal SET bytes = $bytes WHERE id = $id", ("$bytes", bytes[..^1].Append((byte)(bytes[^1] ^ 1)).ToArray()), ("$id", paid.Id.ToBytes()));

            var report = ledger.CheckIntegrity();
            Assert.False(report.Ok);
            Assert.Contains(report.Differences, d => d.StartsWith($"ledger.db: record {paid.Id}", StringComparison.Ordinal) && d.EndsWith("its signature does not verify", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_a_storage_error_naming_it()
    {
        File.WriteAllBytes(_dir.File("ledger.db"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var error = Assert.Throws<Icn.Storage.StorageException>(() => new SqliteLedgerStore(_dir.File("ledger.db")));

        Assert.Equal(Icn.Storage.StorageFault.Damaged, error.Fault);
        Assert.StartsWith("ledger.db: ", error.Message, StringComparison.Ordinal);
    }

    private (SqliteLedgerStore, MutualCreditLedger, MetricRegistry) Open()
    {
        var registry = new MetricRegistry();
        var store = new SqliteLedgerStore(_dir.File("ledger.db"));
        return (store, new MutualCreditLedger(store, new LedgerMetrics(registry), _time), registry);
    }

    private void Sql(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("ledger.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
