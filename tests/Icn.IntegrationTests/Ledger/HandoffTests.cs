namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// The hand-off from gossip to the ledger is bounded: a node that joins late and receives a whole journal at once
/// queues at most <c>ledger.handoff_entries</c> of it in memory (here 1), reads the rest back from gossip.db, and
/// ends with every payment, as the payer has them.
/// </summary>
public sealed class HandoffTests : InTempDirectory
{
    private const int Payments = 60;

    [Fact]
    public async Task A_late_node_with_a_hand_off_of_one_takes_the_whole_journal_from_gossip_db()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = Dir.PasswordFile("handoff");
        var dids = new List<string>();
        foreach (var name in new[] { "payer", "late" })
        {
            using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", Dir.File(name), "--password-file", password]);
            Assert.True(init.ExitCode == 0, init.Output);
            dids.Add(init.Stdout.Split('\n')[0].Split(' ')[^1]);
        }

        var environment = new Dictionary<string, string> { ["ICN_LEDGER_HANDOFF_ENTRIES"] = "1" };
        await using var payer = await RunningNode.StartAsync(Dir.File("payer"), ["--password-file", password], environment);
        await payer.Process.WaitForLogAsync("JSON-RPC on");
        using var payerRpc = payer.Rpc();
        await payerRpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000_000), ct);
        for (var i = 0; i < Payments; i++)
        {
            await payerRpc.PayAsync(new PayParams("HOUR", dids[1], 1 + i, $"payment {i}"), ct);
        }

        await using var late = await RunningNode.StartAsync(Dir.File("late"), ["--password-file", password],
            new Dictionary<string, string>(environment) { ["ICN_BOOTSTRAP_PEERS"] = $"icn://{dids[0]}@127.0.0.1:{payer.P2pPort}" });
        await late.Process.WaitForLogAsync("JSON-RPC on");
        using var lateRpc = late.Rpc();
        var history = await Poll.UntilAsync(async () =>
        {
            var transfers = await lateRpc.HistoryAsync(new HistoryParams(), ct);
            return transfers.Length == Payments ? transfers : null;
        }, $"the late node to hold all {Payments} payments", TimeSpan.FromSeconds(60));

        var scrape = Scrape.Parse(await late.ScrapeAsync());
        TestContext.Current.TestOutputHelper?.WriteLine($"{scrape["icn_ledger_handoff_deferred_total"]} entries deferred to gossip.db");
        Assert.True(scrape["icn_ledger_handoff_deferred_total"] > 0, "the journal arrived faster than a hand-off of one");
        Assert.Equal(1, scrape["icn_ledger_handoff_limit"]);
        Assert.Equal(Payments, scrape["icn_ledger_transactions_total"]);
        Assert.Equal(Enumerable.Range(1, Payments).Sum(), history.Sum(t => t.Amount));
        Assert.Equal(await payerRpc.BalancesAsync(new BalancesParams("HOUR"), ct), await lateRpc.BalancesAsync(new BalancesParams("HOUR"), ct));
        Assert.Contains("the hand-off from gossip to the ledger is full", late.Process.Output, StringComparison.Ordinal);
    }
}
