namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// A real icnd whose data directory is a 24 MiB tmpfs, filled by payments: it goes read-only on purpose
/// below its reserve (clear refusals, /readyz 503 "storage", the gauges), keeps serving reads, leaves
/// that mode by itself when space returns, exits 0 on SIGTERM while full, and loses nothing it acknowledged.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private const long Reserve = 4L * 1024 * 1024;
    private readonly TempDirectory _dir = new();
    private readonly string _mount;

    public DiskFullTests()
    {
        _mount = _dir.File("tmpfs");
        Directory.CreateDirectory(_mount);
    }

    public void Dispose()
    {
        Shell.Run("umount", _mount);
        _dir.Dispose();
    }

    [Fact]
    public async Task A_full_disk_makes_the_node_read_only_until_space_returns_and_nothing_acknowledged_is_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Shell.Run("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", _mount) == 0, "mounting a tmpfs needs root");
        var password = _dir.PasswordFile("full");
        var data = Path.Combine(_mount, "node");
        using (var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]))
        {
            Assert.True(init.ExitCode == 0, init.Output);
        }

        var environment = new Dictionary<string, string> { ["ICN_STORAGE_RESERVE_BYTES"] = Reserve.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var ballast = Path.Combine(_mount, "ballast");
        await File.WriteAllBytesAsync(ballast, new byte[8 * 1024 * 1024], ct);
        var acknowledged = 0L;
        var node = await RunningNode.StartAsync(data, ["--password-file", password], environment);
        await using (node)
        {
            await Poll.UntilAsync(async () => (await node.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? "" : null, "the node to be ready");
            using var rpc = node.Rpc();
            await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000_000_000), ct);
            var memo = new string('x', 250);
            RpcException? refusal = null;
            for (var i = 0; i < 20_000 && refusal is null; i++)
            {
                try
                {
                    await rpc.PayAsync(new PayParams("HOUR", Payee, 1, memo), ct);
                    acknowledged++;
                }
                catch (RpcException e)
                {
                    refusal = e;
                }
            }

            Assert.NotNull(refusal);
            Assert.Equal(RpcErrorCodes.Refused, refusal.Code);
            Assert.Equal("storage", refusal.Reason);
            Assert.StartsWith("disk full: ", refusal.Message, StringComparison.Ordinal);
            var readiness = await node.Http.GetAsync("readyz", ct);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            Assert.Contains("\"storage\":\"disk full", await readiness.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            var scrape = Scrape.Parse(await node.ScrapeAsync());
            Assert.Equal(1, scrape["icn_storage_read_only"]);
            Assert.Equal(Reserve, scrape["icn_storage_reserve_bytes"]);
            Assert.True(scrape["icn_storage_free_bytes"] < Reserve);
            Assert.Equal(-acknowledged, (await rpc.BalancesAsync(new BalancesParams("HOUR"), ct)).Single(b => b.Account != Payee).Balance);

            File.Delete(ballast);
            await Poll.UntilAsync(async () => (await node.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? "" : null, "the node to be writable again");
            await rpc.PayAsync(new PayParams("HOUR", Payee, 1, "after"), ct);
            acknowledged++;
            Assert.Equal(0, Scrape.Parse(await node.ScrapeAsync())["icn_storage_read_only"]);

            // Full again, to the last byte this time, then asked to stop.
            await FillAsync(Path.Combine(_mount, "ballast2"), ct);
            await Poll.UntilAsync(async () => (await node.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? null : "", "the node to be read-only again");
            Assert.Equal(0, await node.StopAsync());
            Assert.DoesNotContain("   at ", node.Process.Stderr, StringComparison.Ordinal);
        }

        File.Delete(Path.Combine(_mount, "ballast2"));
        await using var again = await RunningNode.StartAsync(data, ["--password-file", password], environment);
        await Poll.UntilAsync(async () => (await again.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? "" : null, "the node to be ready");
        using var client = again.Rpc();
        Assert.Equal(acknowledged, (await client.BalancesAsync(new BalancesParams("HOUR", Payee), ct)).Single().Balance);
        Assert.True((await client.IntegrityAsync(ct)).Ok);
    }

    private static string Payee => "did:icn:zGKmvmtVNva3qWMfzftPjD5Ce8UWZAsfwkxz2rh62NaDW";

    private static async Task FillAsync(string path, CancellationToken ct)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            await using var file = File.OpenWrite(path);
            for (var i = 0; i < 1024; i++)
            {
                await file.WriteAsync(chunk, ct);
                await file.FlushAsync(ct);
            }
        }
        catch (IOException)
        {
            // no space left: that was the point
        }
    }
}
