using System.Text.Json;

namespace Icn.IntegrationTests.Gossip;

/// <summary>
/// Three real icnd processes in a full mesh on loopback, one public topic, anti-entropy slowed to an
/// hour so that every message can be accounted for: entries published through RPC and icnctl reach
/// every node, and every gossip counter adds up across the network.
/// </summary>
public sealed class ThreeNodeGossipTests : IAsyncLifetime
{
    private const string Topic = "coop:news";
    private static readonly Dictionary<string, string> s_environment = new() { ["ICN_GOSSIP_TOPICS"] = Topic, ["ICN_GOSSIP_ANTI_ENTROPY_SECONDS"] = "3600" };
    private readonly TempDirectory _dir = new();
    private NodeMesh _mesh = null!;

    private List<RunningNode> _nodes => _mesh.Nodes;

    public async ValueTask InitializeAsync()
    {
        _mesh = await NodeMesh.StartAsync(_dir, 3, s_environment);
        try
        {
            foreach (var node in _nodes)
            {
                await Poll.UntilAsync(async () =>
                {
                    var scrape = Scrape.Parse(await node.ScrapeAsync());
                    return scrape["icn_gossip_subscriptions{scope=\"peer\"}"] == 6 && scrape["icn_gossip_anti_entropy_rounds_total"] == 6 ? scrape : null;
                }, "two peers subscribed to each of the three topics (coop:news, ledger:currencies, trust:attestations) and the six catch-up reconciliations");
            }
        }
        catch
        {
            await _mesh.DisposeAsync(); // a failed initialisation is never disposed by the runner
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _mesh.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Entry_published_on_one_node_is_stored_on_the_others_and_every_counter_adds_up()
    {
        using var rpc = _nodes[0].Rpc();
        var entry = await rpc.PublishAsync(new PublishParams(Topic, "first entry"), TestContext.Current.CancellationToken);

        var scrapes = await QuiescentAsync(expectedEntries: 1);

        var (a, b, c) = (scrapes[0], scrapes[1], scrapes[2]);
        Assert.Equal(1, a["icn_gossip_entries_published_total"]);
        Assert.Equal(2, a["icn_gossip_pushes_sent_total"]); // a fresh tree: the author pushes to both
        Assert.Equal(0, a["icn_gossip_entries_received_total"]);
        foreach (var other in new[] { b, c })
        {
            Assert.Equal(0, other["icn_gossip_entries_published_total"]);
            Assert.Equal(1, other["icn_gossip_entries_received_total"]);
            Assert.Equal(1, other["icn_gossip_topic_entries_received_total{topic=\"coop:news\"}"]);
            Assert.Equal(1, other["icn_gossip_propagation_delay_seconds_count"]);
        }

        foreach (var scrape in scrapes)
        {
            Assert.Equal(3, scrape["icn_gossip_topics_total"]); // coop:news, the ledger's ledger:currencies and trust:attestations
            Assert.Equal(1, scrape["icn_gossip_entries_total"]);
            Assert.Equal(1, scrape["icn_gossip_topic_entries{topic=\"coop:news\"}"]);
            Assert.Equal(0, scrape["icn_gossip_topic_entries{topic=\"other\"}"]); // ledger:currencies and trust:attestations, empty
            Assert.Equal(3, scrape["icn_gossip_subscriptions{scope=\"local\"}"]);
            Assert.Equal(2, scrape["icn_gossip_control_messages_total{type=\"subscribe\",direction=\"sent\"}"]);
            Assert.Equal(2, scrape["icn_gossip_control_messages_total{type=\"subscribe_ack\",direction=\"received\"}"]);
            Assert.Equal(0, RejectedTotal(scrape));
        }

        AssertConservation(scrapes, entriesReceived: 2);
        foreach (var node in _nodes.Skip(1))
        {
            using var client = node.Rpc();
            var stored = await client.EntriesAsync(new EntriesParams(Topic), TestContext.Current.CancellationToken);
            Assert.Equal(entry, Assert.Single(stored));
        }
    }

    [Fact]
    public async Task Thirty_entries_from_all_three_nodes_converge_through_icnctl_and_rpc()
    {
        for (var i = 0; i < 10; i++)
        {
            foreach (var node in _nodes)
            {
                using var rpc = node.Rpc();
                await rpc.PublishAsync(new PublishParams(Topic, $"entry {i} from {node.P2pPort}"), TestContext.Current.CancellationToken);
            }
        }

        using var cli = await ProgramRun.IcnctlAsync(["gossip", "publish", Topic, "from icnctl", "--json",
            "--data-dir", _nodes[2].DataDirectory, "--rpc-addr", _nodes[2].RpcAddress]);
        Assert.True(cli.ExitCode == 0, cli.Output);
        var published = JsonSerializer.Deserialize(cli.Stdout, RpcJson.Default.EntryView)!;

        var scrapes = await QuiescentAsync(expectedEntries: 31);

        Assert.Equal([10, 10, 11], scrapes.Select(s => s["icn_gossip_entries_published_total"]));
        Assert.Equal([21, 21, 20], scrapes.Select(s => s["icn_gossip_entries_received_total"]));
        AssertConservation(scrapes, entriesReceived: 62);

        using var list = await ProgramRun.IcnctlAsync(["gossip", "entries", Topic, "--limit", "1000", "--json",
            "--data-dir", _nodes[0].DataDirectory, "--rpc-addr", _nodes[0].RpcAddress]);
        Assert.True(list.ExitCode == 0, list.Output);
        var entries = JsonSerializer.Deserialize(list.Stdout, RpcJson.Default.EntryViewArray)!;
        Assert.Equal(31, entries.Length);
        Assert.Contains(published, entries);
    }

    [Fact]
    public async Task Node_restarted_keeps_what_it_stored_and_catches_up_on_what_it_missed()
    {
        using (var rpc = _nodes[0].Rpc())
        {
            await rpc.PublishAsync(new PublishParams(Topic, "before the restart"), TestContext.Current.CancellationToken);
        }

        await QuiescentAsync(expectedEntries: 1);
        var c = _nodes[2];
        Assert.Equal(0, await c.StopAsync());
        using (var rpc = _nodes[1].Rpc())
        {
            for (var i = 0; i < 20; i++)
            {
                await rpc.PublishAsync(new PublishParams(Topic, $"missed {i}"), TestContext.Current.CancellationToken);
            }
        }

        _nodes[2] = await RunningNode.StartAsync(c.DataDirectory, ["--password-file", _mesh.PasswordFile],
            new Dictionary<string, string>(s_environment) { ["ICN_BOOTSTRAP_PEERS"] = _mesh.BootstrapOf(2) });
        await c.DisposeAsync();

        var restarted = await Poll.UntilAsync(async () =>
        {
            var scrape = Scrape.Parse(await _nodes[2].ScrapeAsync());
            return scrape["icn_gossip_entries_total"] == 21 ? scrape : null;
        }, "the restarted node to hold all 21 entries");
        Assert.Equal(20, restarted["icn_gossip_anti_entropy_entries_repaired_total"]);
        Assert.Equal(20, restarted["icn_gossip_entries_received_total"]); // its metrics start afresh; the first entry came from its database
    }

    /// <summary>Waits until every node holds the entries and nothing is in flight: what was sent has been received.</summary>
    private async Task<Scrape[]> QuiescentAsync(int expectedEntries) =>
        await Poll.UntilAsync(async () =>
        {
            var scrapes = await Task.WhenAll(_nodes.Select(async n => Scrape.Parse(await n.ScrapeAsync())));
            // A copy counted as received may still be in the middle of being stored: wait until every copy is accounted for too.
            var settled = scrapes.All(s => s["icn_gossip_entries_total"] == expectedEntries)
                && s_pairs.All(p => Sum(scrapes, p.Sent) == Sum(scrapes, p.Received))
                && Sum(scrapes, "icn_gossip_pushes_received_total") + Sum(scrapes, "icn_gossip_responses_received_total")
                    == Sum(scrapes, "icn_gossip_entries_received_total") + Sum(scrapes, "icn_gossip_duplicates_received_total")
                && Sum(scrapes, "icn_gossip_duplicates_received_total") == Sum(scrapes, "icn_gossip_control_messages_total{type=\"prune\",direction=\"sent\"}");
            return settled ? scrapes : null;
        }, $"every node to hold {expectedEntries} entries with nothing in flight");

    private static readonly (string Sent, string Received)[] s_pairs =
    [
        ("icn_gossip_pushes_sent_total", "icn_gossip_pushes_received_total"),
        ("icn_gossip_announces_sent_total", "icn_gossip_announces_received_total"),
        ("icn_gossip_requests_sent_total", "icn_gossip_requests_received_total"),
        ("icn_gossip_responses_sent_total", "icn_gossip_responses_received_total"),
        ("icn_gossip_control_messages_total{type=\"prune\",direction=\"sent\"}", "icn_gossip_control_messages_total{type=\"prune\",direction=\"received\"}"),
        ("icn_gossip_control_messages_total{type=\"subscribe\",direction=\"sent\"}", "icn_gossip_control_messages_total{type=\"subscribe\",direction=\"received\"}"),
        ("icn_gossip_control_messages_total{type=\"subscribe_ack\",direction=\"sent\"}", "icn_gossip_control_messages_total{type=\"subscribe_ack\",direction=\"received\"}"),
        ("icn_gossip_anti_entropy_bytes_total{direction=\"sent\"}", "icn_gossip_anti_entropy_bytes_total{direction=\"received\"}"),
        ("icn_network_messages_sent_total", "icn_network_messages_received_total"),
        ("icn_network_bytes_sent_total", "icn_network_bytes_received_total"),
    ];

    /// <summary>The laws that hold in a quiet closed network, whatever order messages raced in.</summary>
    private static void AssertConservation(Scrape[] scrapes, int entriesReceived)
    {
        foreach (var (sent, received) in s_pairs)
        {
            Assert.Equal(Sum(scrapes, sent), Sum(scrapes, received));
        }

        Assert.Equal(entriesReceived, Sum(scrapes, "icn_gossip_entries_received_total"));
        // Every copy that arrived either was stored or was a duplicate; every duplicate push was answered by a prune.
        Assert.Equal(Sum(scrapes, "icn_gossip_pushes_received_total") + Sum(scrapes, "icn_gossip_responses_received_total"),
            entriesReceived + Sum(scrapes, "icn_gossip_duplicates_received_total"));
        Assert.Equal(Sum(scrapes, "icn_gossip_duplicates_received_total"), Sum(scrapes, "icn_gossip_control_messages_total{type=\"prune\",direction=\"sent\"}"));
        Assert.Equal(entriesReceived, Sum(scrapes, "icn_gossip_propagation_delay_seconds_count"));
    }

    private static double Sum(Scrape[] scrapes, string series) => scrapes.Sum(s => s[series]);

    private static double RejectedTotal(Scrape scrape) =>
        scrape.Samples.Where(s => s.Key.StartsWith("icn_gossip_entries_rejected_total", StringComparison.Ordinal)).Sum(s => s.Value);
}
