namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// Three real icnd processes: a currency created on one node and payments made on every node converge
/// to the same balances everywhere, and each node's ledger metrics match its journal.
/// </summary>
public sealed class ThreeNodeLedgerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private NodeMesh _mesh = null!;

    public async ValueTask InitializeAsync() => _mesh = await NodeMesh.StartAsync(_dir, 3, new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Payments_made_on_each_node_converge_to_the_same_balances_and_metrics_match()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = _mesh.Nodes.Select(n => n.Rpc()).ToArray();
        try
        {
            await clients[0].CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 2, "hours of work", 10_000), ct);
            await Poll.UntilAsync(async () => (await Task.WhenAll(clients.Select(c => c.CurrenciesAsync(ct)))).All(c => c.Length == 1) ? "" : null,
                "every node to know HOUR");

            var transfers = 0;
            for (var round = 0; round < 5; round++)
            {
                for (var payer = 0; payer < 3; payer++)
                {
                    var payee = _mesh.Dids[(payer + 1 + round % 2) % 3];
                    await clients[payer].PayAsync(new PayParams("HOUR", payee, 100 + round * 10 + payer, $"round {round}"), ct);
                    transfers++;
                }
            }

            var refused = await Assert.ThrowsAsync<RpcException>(() => clients[0].PayAsync(new PayParams("HOUR", _mesh.Dids[1], 1_000_000), ct));
            Assert.Contains("below its credit limit", refused.Message, StringComparison.Ordinal);

            var balances = await Poll.UntilAsync(async () =>
            {
                var all = await Task.WhenAll(clients.Select(c => c.BalancesAsync(new BalancesParams("HOUR"), ct)));
                var texts = all.Select(b => string.Join(';', b.Select(v => $"{v.Account}={v.Balance}"))).ToArray();
                return texts.Distinct().Count() == 1 && all[0].Length == 3 && all[0].Sum(b => b.Balance) == 0
                    && (await Task.WhenAll(clients.Select(c => c.HistoryAsync(new HistoryParams(), ct)))).All(h => h.Length == 10) ? all[0] : null;
            }, "the same balances on all three nodes");

            Assert.Equal(0, balances.Sum(b => b.Balance));
            foreach (var (node, client) in _mesh.Nodes.Zip(clients))
            {
                var scrape = Scrape.Parse(await node.ScrapeAsync());
                Assert.Equal(1, scrape["icn_ledger_currencies_total"]);
                Assert.Equal(3, scrape["icn_ledger_accounts_total"]);
                Assert.Equal(transfers, scrape["icn_ledger_transactions_total"]);
                Assert.Equal(transfers, scrape["icn_ledger_transaction_amount_count"]);
                Assert.Equal(0, scrape["icn_ledger_pending_records"]);
                var integrity = await client.IntegrityAsync(ct);
                Assert.True(integrity.Ok, string.Join('\n', integrity.Differences));
                Assert.Equal(transfers + 1, integrity.Records);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
