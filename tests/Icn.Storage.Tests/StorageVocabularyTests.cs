using Icn.Observability.Exposition;
using Icn.Observability.Registry;

namespace Icn.Storage.Tests;

/// <summary>The stores, their faults as SQLite reports them, and their series.</summary>
public sealed class StorageVocabularyTests
{
    [Theory]
    [InlineData(13, StorageFault.Full)] // SQLITE_FULL
    [InlineData(8, StorageFault.ReadOnly)] // SQLITE_READONLY
    [InlineData(3, StorageFault.ReadOnly)] // SQLITE_PERM
    [InlineData(11, StorageFault.Damaged)] // SQLITE_CORRUPT
    [InlineData(26, StorageFault.Damaged)] // SQLITE_NOTADB
    [InlineData(10 | (13 << 8), StorageFault.Io)] // SQLITE_IOERR_FSYNC: the primary code decides
    [InlineData(1, StorageFault.Io)]
    public void Sqlite_result_codes_map_to_faults(int code, StorageFault fault)
    {
        Assert.Equal(fault, StorageException.FaultOfSqlite(code));
    }

    [Fact]
    public void A_fault_names_its_file_in_its_message()
    {
        var error = new StorageException("ledger.db", StorageFault.Full, "database or disk is full");

        Assert.Equal("ledger.db: database or disk is full", error.Message);
        Assert.Equal(Store.Ledger, Stores.OfFile(error.File));
        Assert.Equal(Store.Gossip, Stores.OfFile("gossip.db"));
        Assert.Equal(Store.Trust, Stores.OfFile("trust.db"));
        Assert.Null(Stores.OfFile("identity.key"));
    }

    [Fact]
    public void Each_store_counts_its_faults_damage_and_recovery_under_its_own_label()
    {
        var registry = new MetricRegistry();
        var ledger = new StoreMetrics(registry, Store.Ledger);
        var gossip = new StoreMetrics(registry, Store.Gossip);

        ledger.Errors[StorageFault.ReadOnly].Increment();
        gossip.DamagedRecords.Add(3);
        ledger.RecoveredRecords.Increment();

        var scrape = Scrape.Parse(System.Text.Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.PrometheusText)));
        Assert.Equal(1, scrape["icn_storage_errors_total{store=\"ledger\",kind=\"read_only\"}"]);
        Assert.Equal(0, scrape["icn_storage_errors_total{store=\"gossip\",kind=\"read_only\"}"]);
        Assert.Equal(3, scrape["icn_storage_damaged_records_total{store=\"gossip\"}"]);
        Assert.Equal(1, scrape["icn_storage_records_recovered_total{store=\"ledger\"}"]);
        Assert.Equal(0, scrape["icn_storage_free_bytes"]); // every storage family is there from the first scrape
    }
}
