using Icn.Identity.Keys;

namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// A real icnd accepting payments in a loop is killed with SIGKILL at random moments, 20 times: after
/// every restart each payment it acknowledged is in its ledger and the integrity check passes.
/// </summary>
public sealed class CrashDurabilityTests : InTempDirectory
{
    [Fact]
    public async Task Every_acknowledged_transfer_survives_twenty_SIGKILLs()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = Dir.PasswordFile("crash");
        var data = Dir.File("node");
        using (var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]))
        {
            Assert.True(init.ExitCode == 0, init.Output);
        }

        using var payee = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
        var acknowledged = new List<string>();
        var random = new Random(20);
        for (var crash = 0; crash < 20; crash++)
        {
            var node = await RunningNode.StartAsync(data, ["--password-file", password]);
            try
            {
                await Poll.UntilAsync(async () => (await node.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? "" : null, "the node to be ready");
                using var rpc = node.Rpc();
                if (crash == 0)
                {
                    await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000_000_000), ct);
                }

                // Every acknowledged payment from before the crash must be there.
                var history = (await rpc.HistoryAsync(new HistoryParams(), ct)).Select(t => t.Id).ToHashSet();
                Assert.All(acknowledged, id => Assert.Contains(id, history));
                var integrity = await rpc.IntegrityAsync(ct);
                Assert.True(integrity.Ok, string.Join('\n', integrity.Differences));

                // Pay in a loop while the process is killed at a random moment.
                var killAt = TimeSpan.FromMilliseconds(random.Next(20, 400));
                var paying = Task.Run(async () =>
                {
                    for (var i = 0; ; i++)
                    {
                        try
                        {
                            var transfer = await rpc.PayAsync(new PayParams("HOUR", payee.Did.ToString(), 1 + i, $"crash {crash}"), ct);
                            lock (acknowledged)
                            {
                                acknowledged.Add(transfer.Id);
                            }
                        }
                        catch (RpcException)
                        {
                            return; // the process is gone: whatever was not acknowledged may be lost
                        }
                    }
                }, ct);
                await Task.Delay(killAt, ct);
                node.Process.Signal(9);
                await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                await paying;
            }
            finally
            {
                await node.DisposeAsync();
            }
        }

        var last = await RunningNode.StartAsync(data, ["--password-file", password]);
        await using (last)
        {
            await Poll.UntilAsync(async () => (await last.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? "" : null, "the node to be ready");
            using var rpc = last.Rpc();
            var history = (await rpc.HistoryAsync(new HistoryParams(), ct)).Select(t => t.Id).ToHashSet();
            Assert.All(acknowledged, id => Assert.Contains(id, history));
            Assert.True((await rpc.IntegrityAsync(ct)).Ok);
            Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} payments were acknowledged");
        }
    }
}
