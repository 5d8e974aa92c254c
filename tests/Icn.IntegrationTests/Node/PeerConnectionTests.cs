namespace Icn.IntegrationTests.Node;

/// <summary>Two real icnd processes: one bootstraps to the other over real TLS on loopback.</summary>
public class PeerConnectionTests : InTempDirectory
{
    [Fact]
    public async Task Node_with_a_bootstrap_peer_connects_and_both_report_one_session()
    {
        var password = Dir.PasswordFile("two nodes");
        var didA = await InitAsync("a", password);
        await InitAsync("b", password);
        await using var a = await RunningNode.StartAsync(Dir.File("a"), ["--password-file", password]);
        await a.Process.WaitForLogAsync("peer network listening");

        await using var b = await RunningNode.StartAsync(Dir.File("b"), ["--password-file", password],
            new Dictionary<string, string> { ["ICN_BOOTSTRAP_PEERS"] = $"icn://{didA}@127.0.0.1:{a.P2pPort}" });

        foreach (var node in new[] { a, b })
        {
            await Poll.UntilAsync(async () =>
            {
                var scrape = Scrape.Parse(await node.ScrapeAsync());
                return scrape["icn_network_connections_active"] == 1 && scrape["icn_system_actors_active"] == 4 ? scrape : null;
            }, "one active session, network, gossip, trust and ledger running");
            var scrape = Scrape.Parse(await node.ScrapeAsync());
            Assert.Equal(1, scrape["icn_network_connections_total"]);
            Assert.Equal(4, scrape["icn_system_actors_active"]); // network, gossip, trust and ledger
            Assert.Equal(0, scrape["icn_network_errors_total{kind=\"identity\"}"]);
        }

        var exit = await b.StopAsync();
        Assert.True(exit == 0, $"b exited with {exit}\n{b.Process.Output}");
        await Poll.UntilAsync(async () => Scrape.Parse(await a.ScrapeAsync())["icn_network_connections_active"] == 0 ? "" : null, "a to see b leave");
    }

    [Fact]
    public async Task Bad_bootstrap_peer_is_a_config_error_naming_the_key()
    {
        using var icnd = ProgramRun.Icnd(["--data-dir", Dir.Path, "--metrics-addr", "none"],
            new Dictionary<string, string> { ["ICN_BOOTSTRAP_PEERS"] = "icn://nobody@127.0.0.1:1" });
        await icnd.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, icnd.ExitCode);
        Assert.Contains("bad value for 'network.bootstrap_peers' (environment variable ICN_BOOTSTRAP_PEERS)", icnd.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> InitAsync(string name, string password)
    {
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", Dir.File(name), "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        return init.Stdout.Split('\n')[0].Split(' ')[^1];
    }
}
