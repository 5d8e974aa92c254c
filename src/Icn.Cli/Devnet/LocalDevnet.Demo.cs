using Icn.Core.Amounts;
using Icn.Rpc;

namespace Icn.Cli.Devnet;

internal sealed partial class LocalDevnet
{
    public const string DemoCurrency = "DEMO";
    private static readonly TimeSpan s_demoTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Makes every metric family move: node1 creates a currency (unless an earlier run did), every node
    /// publishes an entry on <see cref="NewsTopic"/> and pays the next node; then waits until every node
    /// holds all of it.
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

            for (var i = 0; i < nodes.Count; i++)
            {
                var payee = nodes[(i + 1) % nodes.Count];
                var amount = 125 * (i + 1);
                await clients[i].PublishAsync(new PublishParams(NewsTopic, $"hello from {nodes[i].Name}"), cancellationToken);
                await clients[i].PayAsync(new PayParams(DemoCurrency, payee.Did, amount, $"demo payment from {nodes[i].Name}"), cancellationToken);
                output.WriteLine($"demo: {nodes[i].Name} published on {NewsTopic} and paid {payee.Name} {MinorUnits.Format(amount, 2)} {DemoCurrency}");
            }

            var transactions = before.Max(o => o.Transactions) + nodes.Count;
            return await UntilAsync($"every node holds {published + nodes.Count} entries on {NewsTopic} and {transactions} transactions", async () =>
            {
                var seen = await Task.WhenAll(nodes.Select(n => ObserveAsync(n, cancellationToken)));
                var entries = await Task.WhenAll(clients.Select(c => c.EntriesAsync(new EntriesParams(NewsTopic, 1000), cancellationToken)));
                return seen.All(o => o.Transactions == transactions) && entries.All(e => e.Length == published + nodes.Count);
            }, cancellationToken);
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
