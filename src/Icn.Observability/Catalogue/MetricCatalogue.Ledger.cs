namespace Icn.Observability.Catalogue;

public static partial class MetricCatalogue
{
    /// <summary>The mutual-credit ledger.</summary>
    public static class Ledger
    {
        private const string Component = "ledger";

        public static MetricDefinition AccountsTotal { get; } = Gauge(Component, "icn_ledger_accounts_total",
            "Total accounts in ledger",
            "Accounts (a DID in a currency) in the ledger now.");

        public static MetricDefinition CurrenciesTotal { get; } = Gauge(Component, "icn_ledger_currencies_total",
            "Total currencies in ledger",
            "Currencies in the ledger now.");

        public static MetricDefinition Transactions { get; } = Counter(Component, "icn_ledger_transactions_total",
            "Total transactions",
            "Transfers applied to this node's ledger, local or replicated.");

        public static MetricDefinition TransactionAmount { get; } = new(Component, "icn_ledger_transaction_amount", MetricKind.Histogram,
            "Distribution of transaction amounts",
            "Amount of each applied transfer, in the currency's major units.")
        {
            Buckets = [0.01, 0.1, 1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 100_000, 1_000_000],
        };

        public static IReadOnlyList<MetricDefinition> All { get; } = [AccountsTotal, CurrenciesTotal, Transactions, TransactionAmount];
    }
}
