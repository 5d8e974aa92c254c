namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// Node A is killed with SIGKILL at 20 random moments (fixed seed) while a payer, an RPC publisher and
/// <c>icnctl gossip publish</c> run against it; node B stays up. After every restart each payment and entry
/// A acknowledged is still there; in the end B, after anti-entropy, holds every entry, has no pending
/// transfer and the same balances: nothing committed was left unpublished.
/// </summary>
public sealed class CrashReplicationTests : InTempDirectory
{
    private const string Topic = "crash:news";
    private const int Kills = 20;

    // gossip.entries answers at most 1,000 entries: the RPC publisher stops at 40 a life, so all fit.
    private const int PublishesPerLife = 40;
    [Fact]
    public async Task Twenty_SIGKILLs_lose_nothing_acknowledged_and_leave_the_peer_with_nothing_pending()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = Topic, ["ICN_GOSSIP_ANTI_ENTROPY_SECONDS"] = "2" };
        await using var mesh = await NodeMesh.StartAsync(Dir, 2, environment);
        var (a, b) = (mesh.Nodes[0], mesh.Nodes[1]);
        var peerUri = $"icn://{mesh.Dids[1]}@127.0.0.1:{b.P2pPort}";
        using (var rpc = a.Rpc())
        {
            await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000_000_000), ct);
        }

        var payments = new List<string>();
        var entries = new List<string>();
        var random = new Random(2026);
        var node = a;
        for (var kill = 0; kill < Kills; kill++)
        {
            if (kill > 0)
            {
                node = await RunningNode.StartAsync(a.DataDirectory, ["--password-file", mesh.PasswordFile],
                    new Dictionary<string, string>(environment) { ["ICN_BOOTSTRAP_PEERS"] = peerUri });
            }

            try
            {
                await node.Process.WaitForLogAsync("JSON-RPC on");
                using var rpc = node.Rpc();
                var history = (await rpc.HistoryAsync(new HistoryParams(), ct)).Select(t => t.Id).ToHashSet();
                Assert.All(payments, id => Assert.Contains(id, history));
                var held = (await rpc.EntriesAsync(new EntriesParams(Topic, 1000), ct)).Select(e => e.Id).ToHashSet();
                Assert.All(entries, id => Assert.Contains(id, held));

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var load = new[]
                {
                    Loop(async i => Add(payments, (await rpc.PayAsync(new PayParams("HOUR", mesh.Dids[1], 1 + (i % 7), $"kill {kill}"), ct)).Id), stop.Token),
                    Loop(async i => Add(entries, (await rpc.PublishAsync(new PublishParams(Topic, $"rpc {kill}.{i}"), ct)).Id), stop.Token, PublishesPerLife),
                    Loop(async i =>
                    {
                        using var cli = await ProgramRun.IcnctlAsync(["--data-dir", node.DataDirectory, "--rpc-addr", node.RpcAddress, "gossip", "publish", Topic, $"cli {kill}.{i}"]);
                        if (cli.ExitCode != 0)
                        {
                            throw new RpcException(RpcErrorCodes.Unavailable, cli.Stderr);
                        }

                        Add(entries, cli.Stdout.Trim());
                    }, stop.Token),
                };
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(50, 600)), ct);
                node.Process.Signal(9);
                await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }
            finally
            {
                await node.DisposeAsync();
            }
        }

        await using var last = await RunningNode.StartAsync(a.DataDirectory, ["--password-file", mesh.PasswordFile],
            new Dictionary<string, string>(environment) { ["ICN_BOOTSTRAP_PEERS"] = peerUri });
        await last.Process.WaitForLogAsync("JSON-RPC on");
        using var final = last.Rpc();
        using var peer = b.Rpc();
        Assert.True(payments.Count > Kills && entries.Count > Kills, $"only {payments.Count} payments and {entries.Count} entries were acknowledged");
        var balances = await Poll.UntilAsync(async () =>
        {
            var mine = Text(await final.BalancesAsync(new BalancesParams("HOUR"), ct));
            var theirs = Text(await peer.BalancesAsync(new BalancesParams("HOUR"), ct));
            var peerEntries = (await peer.EntriesAsync(new EntriesParams(Topic, 1000), ct)).Select(e => e.Id).ToHashSet();
            var pending = Scrape.Parse(await b.ScrapeAsync())["icn_ledger_pending_records"];
            return mine == theirs && pending == 0 && entries.All(peerEntries.Contains) ? mine : null;
        }, "the peer to hold every entry, nothing pending and A's balances", TimeSpan.FromSeconds(90));

        var replicated = (await peer.HistoryAsync(new HistoryParams(mesh.Dids[0], "HOUR"), ct)).Select(t => t.Id).ToHashSet();
        Assert.All(payments, id => Assert.Contains(id, replicated));
        Assert.Equal(0, Scrape.Parse(await b.ScrapeAsync())["icn_ledger_quarantine_records"]);
        Assert.True((await final.IntegrityAsync(ct)).Ok);
        Assert.NotEmpty(balances);
        TestContext.Current.TestOutputHelper?.WriteLine($"{Kills} kills: {payments.Count} payments and {entries.Count} entries acknowledged, all on the peer, 0 pending");
    }

    private static string Text(BalanceView[] balances) => string.Join(';', balances.OrderBy(b => b.Account, StringComparer.Ordinal).Select(b => $"{b.Account}={b.Balance}"));

    private static void Add(List<string> acknowledged, string id)
    {
        lock (acknowledged)
        {
            acknowledged.Add(id);
        }
    }

    /// <summary>Runs one operation after another until the node is gone (its calls fail) or the load is stopped.</summary>
    private static Task Loop(Func<int, Task> operation, CancellationToken stop, int limit = int.MaxValue) => Task.Run(async () =>
    {
        for (var i = 0; i < limit && !stop.IsCancellationRequested; i++)
        {
            try
            {
                await operation(i);
            }
            catch (RpcException)
            {
                return; // killed: whatever was not acknowledged may be lost
            }
        }
    }, CancellationToken.None);
}
