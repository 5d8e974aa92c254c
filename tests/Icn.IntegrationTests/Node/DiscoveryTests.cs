namespace Icn.IntegrationTests.Node;

/// <summary>mDNS between two real icnd processes in two network namespaces joined through veth links.</summary>
public class DiscoveryTests : InTempDirectory
{
    [Fact]
    public async Task Two_nodes_in_separate_namespaces_find_each_other_by_mdns_and_connect()
    {
        using var spaces = NetworkNamespaces.TryCreate(out var reason);
        Assert.SkipWhen(spaces is null, reason);
        var password = Dir.PasswordFile("discovery");
        var nodes = new List<RunningNode>();
        try
        {
            for (var node = 1; node <= 2; node++)
            {
                var data = Dir.File($"n{node}");
                using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]);
                Assert.True(init.ExitCode == 0, init.Output);
                nodes.Add(await RunningNode.StartAsync(data, ["--password-file", password],
                    new Dictionary<string, string> { ["ICN_MDNS"] = "true", ["ICN_MDNS_INTERFACES"] = spaces!.Interface(node) },
                    spaces.Address(node), spaces.Namespace(node)));
            }

            foreach (var node in nodes)
            {
                await Poll.UntilAsync(async () =>
                {
                    var scrape = Scrape.Parse(await node.ScrapeAsync());
                    return scrape["icn_network_peers_discovered"] == 1 && scrape["icn_network_connections_active"] == 1 ? "" : null;
                }, "discovery and a session on both nodes", TimeSpan.FromSeconds(60));
            }

            await nodes[0].Process.WaitForLogAsync("mDNS discovery on port 5353, 1 interface(s)");

            // A node that stops says goodbye: the other forgets it instead of counting it for ever.
            Assert.Equal(0, await nodes[1].StopAsync());
            await Poll.UntilAsync(async () =>
            {
                var scrape = Scrape.Parse(await nodes[0].ScrapeAsync());
                return scrape["icn_network_peers_discovered"] == 0 && scrape["icn_network_connections_active"] == 0 ? "" : null;
            }, "the goodbye to be heard");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}
