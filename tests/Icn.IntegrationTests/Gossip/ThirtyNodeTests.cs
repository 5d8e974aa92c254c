namespace Icn.IntegrationTests.Gossip;

/// <summary>
/// Thirty real icnd processes on loopback in a full mesh, each with 29 peers: entries published on several
/// nodes reach every node by dissemination alone (anti-entropy is slowed to an hour), and the full copies a
/// node sends per entry are bounded by its active view, not by its number of peers.
/// </summary>
public sealed class ThirtyNodeTests
{
    private const string Topic = "coop:scale";
    private const int Nodes = 30;
    private const int MaxFanout = 8;

    [Fact]
    public async Task Thirty_nodes_converge_and_no_node_sends_more_full_copies_of_an_entry_than_its_active_view_holds()
    {
        using var dir = new TempDirectory();
        await using var mesh = await NodeMesh.StartAsync(dir, Nodes, new Dictionary<string, string>
        {
            ["ICN_GOSSIP_TOPICS"] = Topic,
            ["ICN_GOSSIP_ANTI_ENTROPY_SECONDS"] = "3600",
            ["ICN_MAX_SESSIONS_PER_IP"] = "64", // every peer dials from 127.0.0.1
        });
        var ct = TestContext.Current.CancellationToken;
        foreach (var node in mesh.Nodes)
        {
            await Poll.UntilAsync(async () => Scrape.Parse(await node.ScrapeAsync())[$"icn_gossip_subscriptions{{scope=\"peer\"}}"] >= 3 * (Nodes - 1) ? "" : null,
                "every peer subscribed to the node's three topics");
        }

        var publishers = mesh.Nodes.Where((_, i) => i % 6 == 0).ToArray();
        const int perPublisher = 10;
        await Task.WhenAll(publishers.Select(async node =>
        {
            using var rpc = node.Rpc();
            for (var i = 0; i < perPublisher; i++)
            {
                await rpc.PublishAsync(new PublishParams(Topic, $"entry {i} of {node.P2pPort}"), ct);
            }
        }));

        var entries = publishers.Length * perPublisher;
        var scrapes = new List<Scrape>();
        foreach (var node in mesh.Nodes)
        {
            scrapes.Add(await Poll.UntilAsync(async () =>
            {
                var scrape = Scrape.Parse(await node.ScrapeAsync());
                return scrape[$"icn_gossip_topic_entries{{topic=\"{Topic}\"}}"] == entries ? scrape : null;
            }, $"all {entries} entries on every node", TimeSpan.FromSeconds(60)));
        }

        foreach (var scrape in scrapes)
        {
            Assert.Equal(0, scrape["icn_gossip_anti_entropy_entries_repaired_total"]); // dissemination alone
            Assert.InRange(scrape["icn_gossip_active_view_peers"], 3, 3 * MaxFanout);      // three topics, each view at most 8
            Assert.InRange(scrape["icn_gossip_pushes_sent_total"], 0, MaxFanout * entries); // at most one copy per active peer per entry
        }

        var pushesPerNodePerEntry = scrapes.Sum(s => s["icn_gossip_pushes_sent_total"]) / (Nodes * (double)entries);
        Assert.True(pushesPerNodePerEntry <= 2, $"{pushesPerNodePerEntry:F2} full copies sent per node per entry, with {Nodes - 1} peers each");
    }
}
