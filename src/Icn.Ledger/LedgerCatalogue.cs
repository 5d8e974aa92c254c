using Icn.Ledger.Rules;
using Icn.Observability.Catalogue;

namespace Icn.Ledger;

/// <summary>The mutual-credit ledger.</summary>
public static class LedgerCatalogue
{
    private const string Component = "ledger";

    public static MetricDefinition AccountsTotal { get; } = MetricDefinition.Gauge(Component, "icn_ledger_accounts_total",
        "Total accounts in ledger",
        "Accounts (a DID in a currency) in the ledger now.");

    public static MetricDefinition CurrenciesTotal { get; } = MetricDefinition.Gauge(Component, "icn_ledger_currencies_total",
        "Total currencies in ledger",
        "Currencies in the ledger now.");

    public static MetricDefinition Transactions { get; } = MetricDefinition.Counter(Component, "icn_ledger_transactions_total",
        "Total transactions",
        "Transfers applied to this node's ledger, local or replicated.");

    public static MetricDefinition TransactionAmount { get; } = MetricDefinition.Histogram(Component, "icn_ledger_transaction_amount",
        "Distribution of transaction amounts",
        "Amount of each applied transfer, in the currency's major units.",
        "", [0.01, 0.1, 1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000, 1_000_000]);

    public static MetricDefinition Rejected { get; } = MetricDefinition.Counter(Component, "icn_ledger_records_rejected_total",
        "Ledger records refused, by reason",
        "Transfers, currencies and credit limits refused, local or from peers, counted once per record when first refused: "
        + "a bad signature, an invalid amount or symbol, an unknown currency, a payer over its credit limit, a fork of a used "
        + "sequence number, a second currency of one symbol, a limit not signed by the currency's creator.",
        labels: [EnumLabels<RejectReason>.Label("reason")]);

    public static MetricDefinition Quarantined { get; } = MetricDefinition.Gauge(Component, "icn_ledger_quarantine_records",
        "Records in quarantine now",
        "Refused records kept with their reason for inspection, release or drop; bounded in number and age.");

    public static MetricDefinition Pending { get; } = MetricDefinition.Gauge(Component, "icn_ledger_pending_records",
        "Transfers waiting for an earlier sequence number",
        "Transfers whose payer has a gap in its sequence numbers here; they apply when the gap fills.");

    public static MetricDefinition ApplyDuration { get; } = MetricDefinition.Histogram(Component, "icn_ledger_apply_duration_seconds",
        "Time to validate, commit and apply a batch of ledger records",
        "From receiving a record (or a batch from a peer) to its durable commit and application, replay included.",
        "seconds", [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]);

    public static MetricDefinition HandoffDeferred { get; } = MetricDefinition.Counter(Component, "icn_ledger_handoff_deferred_total",
        "Ledger entries gossip stored while the hand-off to the ledger was full",
        "Not held in memory: once it has taken what was queued (ledger.handoff_entries), the ledger reads them back from gossip.db.");

    public static MetricDefinition HandoffLimit { get; } = MetricDefinition.Gauge(Component, "icn_ledger_handoff_limit",
        "Most ledger entries queued in memory between gossip and the ledger",
        "ledger.handoff_entries; past it entries wait in gossip.db instead (icn_ledger_handoff_deferred_total).");

    public static IReadOnlyList<MetricDefinition> All { get; } =
        [AccountsTotal, CurrenciesTotal, Transactions, TransactionAmount, Rejected, Quarantined, Pending, ApplyDuration, HandoffDeferred, HandoffLimit];
}
