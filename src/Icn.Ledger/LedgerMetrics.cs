using Icn.Ledger.Rules;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Catalogue = Icn.Observability.Catalogue.MetricCatalogue.Ledger;
using StorageCatalogue = Icn.Observability.Catalogue.MetricCatalogue.Storage;

namespace Icn.Ledger;

/// <summary>The ledger's instruments, taken once from its node's registry.</summary>
public sealed class LedgerMetrics(MetricRegistry registry)
{
    private readonly Counter[] _rejected = [.. RejectReasons.Labels.Select(reason => registry.Counter(Catalogue.Rejected, reason))];

    public Gauge Accounts { get; } = registry.Gauge(Catalogue.AccountsTotal);

    public Gauge Currencies { get; } = registry.Gauge(Catalogue.CurrenciesTotal);

    public Counter Transactions { get; } = registry.Counter(Catalogue.Transactions);

    public Histogram Amount { get; } = registry.Histogram(Catalogue.TransactionAmount);

    public Gauge Quarantined { get; } = registry.Gauge(Catalogue.Quarantined);

    public Gauge Pending { get; } = registry.Gauge(Catalogue.Pending);

    public Histogram ApplyDuration { get; } = registry.Histogram(Catalogue.ApplyDuration);

    /// <summary>Journal records that failed verification when loaded.</summary>
    public Counter DamagedRecords { get; } = registry.Counter(StorageCatalogue.DamagedRecords, StoreName);

    /// <summary>Records the journal lacked that a replica supplied again.</summary>
    public Counter RecoveredRecords { get; } = registry.Counter(StorageCatalogue.RecoveredRecords, StoreName);

    /// <summary>The <c>store</c> label of the ledger's storage series.</summary>
    public const string StoreName = "ledger";

    public void Rejected(RejectReason reason) => _rejected[(int)reason].Increment();
}
