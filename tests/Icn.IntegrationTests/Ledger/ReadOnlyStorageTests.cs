namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// Storage the node may read but not write. A read-only data directory (a tmpfs remounted read-only)
/// stops icnd at once with one line and exit 1: it could not even write its RPC cookie. A read-only
/// database file (immutable, so that root too is refused) leaves the node running and not ready, the file
/// and the remedy named, and SIGTERM still exits 0. Both need root; they are skipped without it.
/// </summary>
public sealed class ReadOnlyStorageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Action> _undo = [];

    public void Dispose()
    {
        foreach (var undo in Enumerable.Reverse(_undo))
        {
            undo();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task A_read_only_data_directory_stops_icnd_with_one_line_and_exit_1()
    {
        var mount = _dir.File("tmpfs");
        Directory.CreateDirectory(mount);
        Assert.SkipUnless(Shell.Run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mount) == 0, "mounting a tmpfs needs root");
        _undo.Add(() => Shell.Run("umount", mount));
        var (data, password) = await InitAsync(Path.Combine(mount, "node"));
        Assert.Equal(0, Shell.Run("mount", "-o", "remount,ro", mount));

        using var run = ProgramRun.Icnd(["--password-file", password, .. ProgramRun.LoopbackFlags(data)], new Dictionary<string, string> { ["ICN_MDNS"] = "false" });
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains($"the data directory {data} is not writable (Read-only file system)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_ledger_file_leaves_the_node_running_not_ready_and_naming_the_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, password) = await InitAsync(_dir.File("node"));
        await using (var first = await RunningNode.StartAsync(data, ["--password-file", password]))
        {
            await Poll.UntilAsync(async () => (await first.Http.GetAsync("readyz", ct)).IsSuccessStatusCode ? "" : null, "the node to be ready");
            Assert.Equal(0, await first.StopAsync());
        }

        var ledger = Path.Combine(data, "ledger.db");
        Assert.SkipUnless(Shell.Run("chattr", "+i", ledger) == 0, "chattr +i needs root and a file system with attributes");
        _undo.Add(() => Shell.Run("chattr", "-i", ledger));

        await using var node = await RunningNode.StartAsync(data, ["--password-file", password]);
        await node.Process.WaitForLogAsync("JSON-RPC on");
        var readiness = await Poll.UntilAsync(async () =>
        {
            using var response = await node.Http.GetAsync("readyz", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return !response.IsSuccessStatusCode && body.Contains("\"ledger\":\"failed\"", StringComparison.Ordinal) ? body : null;
        }, "the ledger to be reported failed");

        Assert.Contains("ledger.db: ", readiness, StringComparison.Ordinal);
        Assert.Contains("readonly database", readiness, StringComparison.Ordinal);
        using var rpc = node.Rpc();
        var refused = await Assert.ThrowsAsync<RpcException>(() => rpc.CurrenciesAsync(ct));
        Assert.Equal(RpcErrorCodes.Unavailable, refused.Code);
        Assert.Equal(0, await node.StopAsync());
        Assert.DoesNotContain("   at ", node.Process.Output, StringComparison.Ordinal);
    }

    private async Task<(string Data, string Password)> InitAsync(string data)
    {
        var password = _dir.PasswordFile("read-only");
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        return (data, password);
    }
}
