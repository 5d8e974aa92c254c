using Icn.Observability.Instruments;
using Icn.Observability.Registry;

namespace Icn.Storage;

/// <summary>One store's instruments: its failures by fault, its damaged records and those replicas gave back.</summary>
public sealed class StoreMetrics
{
    public StoreMetrics(MetricRegistry registry, Store store)
    {
        registry.Add(StorageCatalogue.All);
        var name = Observability.Catalogue.EnumLabels<Store>.Of(store);
        Errors = new CountersBy<StorageFault>(registry, StorageCatalogue.Errors, name);
        DamagedRecords = registry.Counter(StorageCatalogue.DamagedRecords, name);
        RecoveredRecords = registry.Counter(StorageCatalogue.RecoveredRecords, name);
    }

    public CountersBy<StorageFault> Errors { get; }

    public Counter DamagedRecords { get; }

    public Counter RecoveredRecords { get; }
}
