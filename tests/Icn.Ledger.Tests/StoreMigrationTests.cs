using Icn.Identity.Keys;
using Icn.Ledger.Records;
using Icn.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Icn.Ledger.Tests;

/// <summary>Ledger files written by earlier versions of icnd open and keep every record.</summary>
public sealed class StoreMigrationTests
{
    [Fact]
    public void A_schema_1_journal_keyed_by_id_is_moved_to_the_append_only_journal_with_every_record()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ledger.db");
        var alice = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var bob = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
        LedgerRecord[] records =
        [
            new CurrencyRecord("HOUR", 2, "hours", 1_000, alice.Did, 1_000).SignedBy(alice),
            new TransferRecord(alice.Did, bob.Did, "HOUR", 250, "", 1, 2_000).SignedBy(alice),
            new TransferRecord(alice.Did, bob.Did, "HOUR", 50, "", 2, 3_000).SignedBy(alice),
        ];
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE journal(id BLOB PRIMARY KEY, bytes BLOB NOT NULL, received_ms INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE quarantine(id BLOB PRIMARY KEY, bytes BLOB NOT NULL, reason TEXT NOT NULL, at_ms INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE dropped(id BLOB PRIMARY KEY) WITHOUT ROWID;
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
            foreach (var record in records)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO journal VALUES($id, $bytes, $at)";
                insert.Parameters.AddWithValue("$id", record.Id.ToBytes());
                insert.Parameters.AddWithValue("$bytes", record.Encode());
                insert.Parameters.AddWithValue("$at", record.TimestampMs);
                insert.ExecuteNonQuery();
            }
        }

        using var store = new SqliteLedgerStore(path);

        Assert.Equal(records.Select(r => r.Encode()), store.LoadJournal().Select(row => row.Bytes));
        using var ledger = new MutualCreditLedger(store, new LedgerMetrics(new Observability.Registry.MetricRegistry()), TimeProvider.System);
        Assert.Equal(300, ledger.State.Balance("HOUR", bob.Did));
        Assert.True(ledger.CheckIntegrity().Ok);
    }

    [Fact]
    public void The_store_knows_whether_the_last_process_closed_it_cleanly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ledger.db");
        using (var fresh = new SqliteLedgerStore(path))
        {
            Assert.False(fresh.OpenedAfterCleanShutdown); // a new file may be one that was lost
        }

        using var reopened = new SqliteLedgerStore(path);
        Assert.True(reopened.OpenedAfterCleanShutdown);

        // Opened again while the first is still open, as after a crash: the mark was taken at open.
        using var crashed = new SqliteLedgerStore(path);
        Assert.False(crashed.OpenedAfterCleanShutdown);
    }
}
