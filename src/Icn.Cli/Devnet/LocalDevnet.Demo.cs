using Icn.Core.Amounts;
using Icn.Rpc;

namespace Icn.Cli.Devnet;

internal sealed partial class LocalDevnet
{
    public const string DemoCurrency = "DEMO";
    private const int DemoRounds = 2;
    private static readonly TimeSpan s_demoTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Moves every traffic metric (messages, bytes, pushes, announces, subscriptions, transactions): node1
    /// creates a currency (unless an earlier run did), every node publishes two rounds of entries on
    /// <see cref="NewsTopic"/> and pays the next node, waiting each time until every node holds all of it.
    /// Error, drop and repair counters stay 0, as they should on a healthy devnet.
    /// </summary>
    private async Task<bool> DemoAsync(IReadOnlyList<DevnetNode> nodes, CancellationToken cancellationToken)
    {
        var clients = nodes.Select(n => RpcClient.ForNode(n.DataDirectory, n.RpcAddress)).ToList();
        try
        {
            var before = await Task.WhenAll(nodes.Select(n => ObserveAsync(n, cancellationToken)));
            var published = (await clients[0].EntriesAsync(new EntriesParams(NewsTopic, 1000), cancellationToken)).Length;
            if ((await clients[0].CurrenciesAsync(cancellationToken)).All(c => c.Symbol != DemoCurrency))
            {
                await clients[0].CreateCurrencyAsync(new CreateCurrencyParams(DemoCurrency, 2, "demo hours", 100_00), cancellationToken);
                output.WriteLine($"demo: {nodes[0].Name} created currency {DemoCurrency} (2 decimals, default credit limit 100.00)");
            }

            if (!await UntilAsync("every node knows " + DemoCurrency, async () =>
                    (await Task.WhenAll(clients.Select(c => c.CurrenciesAsync(cancellationToken)))).All(list => list.Any(c => c.Symbol == DemoCurrency)), cancellationToken))
            {
                return false;
            }

            // Two rounds of news: an author's first entry floods and prunes its broadcast tree, the second
            // follows the tree, pushed to eager peers and announced to lazy ones, so announces move too.
            for (var round = 1; round <= DemoRounds; round++)
            {
                for (var i = 0; i < nodes.Count; i++)
                {
                    await clients[i].PublishAsync(new PublishParams(NewsTopic, $"hello from {nodes[i].Name} ({round})"), cancellationToken);
                }

                output.WriteLine($"demo: every node published on {NewsTopic} (round {round})");
                var expected = published + round * nodes.Count;
                if (!await UntilAsync($"every node holds {expected} entries on {NewsTopic}", async () =>
                        (await Task.WhenAll(clients.Select(c => c.EntriesAsync(new EntriesParams(NewsTopic, 1000), cancellationToken)))).All(e => e.Length == expected),
                        cancellationToken))
                {
                    return false;
                }
            }

            for (var i = 0; i < nodes.Count; i++)
            {
                var payee = nodes[(i + 1) % nodes.Count];
                var amount = 125 * (i + 1);
                await clients[i].PayAsync(new PayParams(DemoCurrency, payee.Did, amount, $"demo payment from {nodes[i].Name}"), cancellationToken);
                output.WriteLine($"demo: {nodes[i].Name} paid {payee.Name} {MinorUnits.Format(amount, 2)} {DemoCurrency}");
            }

            var transactions = before.Max(o => o.Transactions) + nodes.Count;
            return await UntilAsync($"every node holds {transactions} transactions", async () =>
                (await Task.WhenAll(nodes.Select(n => ObserveAsync(n, cancellationToken)))).All(o => o.Transactions == transactions), cancellationToken);
        }
        catch (RpcException e)
        {
            await Console.Error.WriteLineAsync($"icnctl: the demo failed: {e.Message}");
            return false;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private async Task<bool> UntilAsync(string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_demoTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                await Console.Error.WriteLineAsync($"icnctl: the demo waited {s_demoTimeout.TotalSeconds:0} s and still not {what}");
                return false;
            }

            await Task.Delay(250, cancellationToken);
        }

        output.WriteLine($"demo: {what}");
        return true;
    }
}
