using Icn.Ledger.Rules;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Storage;
using Catalogue = Icn.Ledger.LedgerCatalogue;

namespace Icn.Ledger;

/// <summary>The ledger's instruments, taken once from its node's registry.</summary>
public sealed class LedgerMetrics
{
    private readonly CountersBy<RejectReason> _rejected;

    public LedgerMetrics(MetricRegistry registry)
    {
        registry.Add(Catalogue.All);
        _rejected = new CountersBy<RejectReason>(registry, Catalogue.Rejected);
        Accounts = registry.Gauge(Catalogue.AccountsTotal);
        Currencies = registry.Gauge(Catalogue.CurrenciesTotal);
        Transactions = registry.Counter(Catalogue.Transactions);
        Amount = registry.Histogram(Catalogue.TransactionAmount);
        Quarantined = registry.Gauge(Catalogue.Quarantined);
        Pending = registry.Gauge(Catalogue.Pending);
        ApplyDuration = registry.Histogram(Catalogue.ApplyDuration);
        Storage = new StoreMetrics(registry, Store.Ledger);
    }

    public Gauge Accounts { get; }

    public Gauge Currencies { get; }

    public Counter Transactions { get; }

    public Histogram Amount { get; }

    public Gauge Quarantined { get; }

    public Gauge Pending { get; }

    public Histogram ApplyDuration { get; }

    /// <summary>ledger.db's damaged and recovered records.</summary>
    public StoreMetrics Storage { get; }

    public void Rejected(RejectReason reason) => _rejected[reason].Increment();
}
