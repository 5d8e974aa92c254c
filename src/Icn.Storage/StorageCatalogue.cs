using Icn.Observability.Catalogue;

namespace Icn.Storage;

/// <summary>The data directory and the stores in it: free space, the reserve, faults, damage and recovery.</summary>
public static class StorageCatalogue
{
    private const string Component = "storage";

    private static LabelDefinition StoreLabel { get; } = EnumLabels<Store>.Label("store");

    public static MetricDefinition FreeBytes { get; } = MetricDefinition.Gauge(Component, "icn_storage_free_bytes",
        "Free bytes on the data directory's file system",
        "Bytes available to the node on the file system that holds its data directory, refreshed every gauge interval.", "bytes");

    public static MetricDefinition ReserveBytes { get; } = MetricDefinition.Gauge(Component, "icn_storage_reserve_bytes",
        "Free-space reserve below which the node stops writing",
        "storage.reserve_bytes: when free space falls below it the node refuses writes (read-only) until space returns.", "bytes");

    public static MetricDefinition ReadOnly { get; } = MetricDefinition.Gauge(Component, "icn_storage_read_only",
        "1 while the node refuses writes for lack of space",
        "1 while free space is below the reserve or a store reported the disk full; reads, gossip of what is held and shutdown go on.");

    public static MetricDefinition Errors { get; } = MetricDefinition.Counter(Component, "icn_storage_errors_total",
        "Store operations that failed, by store and kind",
        "Reads and writes of ledger.db and gossip.db that failed: the disk full, the file read-only, the file damaged, other I/O.",
        labels: [StoreLabel, EnumLabels<StorageFault>.Label("kind")]);

    public static MetricDefinition DamagedRecords { get; } = MetricDefinition.Counter(Component, "icn_storage_damaged_records_total",
        "Stored records that failed verification when loaded",
        "Records that no longer decode, hash to their id or carry a valid signature when a store is loaded: a ledger record is set "
        + "aside in quarantine until a replica gives it back; a gossip entry is removed, and anti-entropy fetches a sound copy.",
        labels: [StoreLabel]);

    public static MetricDefinition RecoveredRecords { get; } = MetricDefinition.Counter(Component, "icn_storage_records_recovered_total",
        "Records a store lacked that a replica supplied again",
        "Ledger records missing from ledger.db (lost or set aside as damaged) restored from gossip.db or from peers, this node's own among them.",
        labels: [StoreLabel]);

    public static IReadOnlyList<MetricDefinition> All { get; } = [FreeBytes, ReserveBytes, ReadOnly, Errors, DamagedRecords, RecoveredRecords];
}
