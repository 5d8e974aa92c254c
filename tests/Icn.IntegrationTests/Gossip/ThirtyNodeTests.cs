namespace Icn.IntegrationTests.Gossip;

/// <summary>
/// Thirty real icnd processes on loopback in a full mesh, each with 29 peers: entries published on several
/// nodes reach every node by dissemination alone (anti-entropy is slowed to an hour), and the full copies a
/// node sends per entry are bounded by its active view, not by its number of peers.
/// </summary>
[Collection(Alone.Name)]
public sealed class ThirtyNodeTests
{
    private const string Topic = "coop:scale";
    private const int Nodes = 30;
    private const int Fanout = 6;
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
        foreach (var node in mesh.Nodes)
        {
            await Poll.UntilAsync(async () => Scrape.Parse(await node.ScrapeAsync())[$"icn_gossip_subscriptions{{scope=\"peer\"}}"] >= 3 * (Nodes - 1) ? "" : null,
                "every peer subscribed to the node's three topics");
        }

        // Each author's first entry floods the active views and builds its trees; the figures are taken after it.
        var publishers = mesh.Nodes.Where((_, i) => i % 6 == 0).ToArray();
        var before = await PublishAndConvergeAsync(mesh, publishers, 1, 1);
        const int perPublisher = 10;
        var after = await PublishAndConvergeAsync(mesh, publishers, perPublisher, 1 + perPublisher);

        var entries = publishers.Length * perPublisher;
        var pushes = after.Select((s, i) => s["icn_gossip_pushes_sent_total"] - before[i]["icn_gossip_pushes_sent_total"]).ToArray();
        foreach (var (scrape, sent) in after.Zip(pushes))
        {
            Assert.Equal(0, scrape["icn_gossip_anti_entropy_entries_repaired_total"]); // dissemination alone
            Assert.InRange(scrape["icn_gossip_active_view_peers"], 3, 3 * MaxFanout);   // three topics, each view at most 8
            Assert.InRange(sent, 0, MaxFanout * entries);                              // never more than one copy per active peer
        }

        var perNodePerEntry = pushes.Sum() / (Nodes * (double)entries);
        TestContext.Current.TestOutputHelper?.WriteLine($"{perNodePerEntry:F2} full copies sent per node per entry, with {Nodes - 1} peers each");
        Assert.True(perNodePerEntry <= Fanout, $"{perNodePerEntry:F2} full copies sent per node per entry, with {Nodes - 1} peers each");
    }

    /// <summary>Publishes <paramref name="each"/> entries from every publisher and waits until every node holds <paramref name="total"/> per publisher.</summary>
    private static async Task<List<Scrape>> PublishAndConvergeAsync(NodeMesh mesh, RunningNode[] publishers, int each, int total)
    {
        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(publishers.Select(async node =>
        {
            using var rpc = node.Rpc();
            for (var i = 0; i < each; i++)
            {
                await rpc.PublishAsync(new PublishParams(Topic, $"entry {i} of {node.P2pPort}, round of {total}"), ct);
            }
        }));

        var scrapes = new List<Scrape>();
        foreach (var node in mesh.Nodes)
        {
            scrapes.Add(await Poll.UntilAsync(async () =>
            {
                var scrape = Scrape.Parse(await node.ScrapeAsync());
                return scrape[$"icn_gossip_topic_entries{{topic=\"{Topic}\"}}"] == publishers.Length * total ? scrape : null;
            }, $"all {publishers.Length * total} entries on every node", TimeSpan.FromSeconds(60)));
        }

        return scrapes;
    }
}
