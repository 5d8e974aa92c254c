using System.Text.Json;

namespace Icn.IntegrationTests.Trust;

/// <summary>
/// Three real icnd processes and the real icnctl: trust decides who is admitted and whose entries a class-restricted
/// topic keeps, and a change made with <c>icnctl trust</c> takes effect in the running daemon.
/// </summary>
public sealed class TrustTests : InTempDirectory
{
    private const string Board = "coop:board";

    [Fact]
    public async Task A_node_open_to_known_peers_refuses_a_stranger_as_untrusted_and_admits_it_once_trusted_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = Dir.PasswordFile("trust");
        var (a, b, c) = (await InitAsync("a", password), await InitAsync("b", password), await InitAsync("c", password));
        await using var nodeA = await RunningNode.StartAsync(Dir.File("a"), ["--password-file", password],
            new Dictionary<string, string> { ["ICN_TRUST_MIN_INBOUND_CLASS"] = "known" });
        await nodeA.Process.WaitForLogAsync("JSON-RPC on");
        await IcnctlAsync(nodeA, "trust", "add", b, "--score", "0.8", "--label", "bakery", "--evidence", "signed the charter");

        var bootstrap = new Dictionary<string, string> { ["ICN_BOOTSTRAP_PEERS"] = $"icn://{a}@127.0.0.1:{nodeA.P2pPort}" };
        await using var nodeB = await RunningNode.StartAsync(Dir.File("b"), ["--password-file", password], bootstrap);
        await using var nodeC = await RunningNode.StartAsync(Dir.File("c"), ["--password-file", password], bootstrap);
        using var rpcA = nodeA.Rpc();
        await Poll.UntilAsync(async () =>
        {
            var scrape = Scrape.Parse(await nodeA.ScrapeAsync());
            return scrape["icn_network_sessions_refused_total{reason=\"untrusted\"}"] >= 1 && scrape["icn_network_peers_by_class{class=\"federated\"}"] == 1 ? "" : null;
        }, "B admitted as federated and C refused as untrusted");
        Assert.Equal([b], (await rpcA.PeersAsync(ct)).Select(p => p.Did));

        var added = await IcnctlAsync(nodeA, "trust", "add", c, "--score", "0.5", "--json");
        Assert.Equal("partner", JsonDocument.Parse(added).RootElement.GetProperty("class").GetString());
        await Poll.UntilAsync(async () => (await rpcA.PeersAsync(ct)).Any(p => p.Did == c) ? "" : null,
            "C admitted without a restart, at its next dial", TimeSpan.FromSeconds(60));

        var scrape = Scrape.Parse(await nodeA.ScrapeAsync());
        Assert.Equal(1, scrape["icn_network_peers_by_class{class=\"partner\"}"]);
        Assert.Equal(2, scrape["icn_trust_edges{kind=\"direct\"}"]);
        Assert.Equal(2, scrape["icn_trust_class_changes_total"]);
        var list = await IcnctlAsync(nodeA, "trust", "list");
        Assert.Contains(b, list, StringComparison.Ordinal);
        Assert.Contains("bakery", list, StringComparison.Ordinal);
        var shown = await IcnctlAsync(nodeA, "trust", "show", c);
        Assert.Contains("partner, connected now", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_class_topic_keeps_a_partners_entries_and_refuses_a_known_authors_as_forbidden()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await NodeMesh.StartAsync(Dir, 3, new Dictionary<string, string>());
        var (a, partner, known) = (mesh.Nodes[0], mesh.Dids[1], mesh.Dids[2]);
        await IcnctlAsync(a, "trust", "add", partner, "--score", "0.5");
        await IcnctlAsync(a, "trust", "add", known, "--score", "0.2");
        await IcnctlAsync(a, "gossip", "create", Board, "--min-class", "partner");
        foreach (var other in mesh.Nodes.Skip(1))
        {
            await IcnctlAsync(other, "gossip", "create", Board);
        }

        using var rpcA = a.Rpc();
        Assert.Equal("class:partner", (await rpcA.TopicsAsync(ct)).Single(t => t.Name == Board).Access);
        // The known author's entry reaches A through the partner, which relays it: A refuses it there.
        await Poll.UntilAsync(async () => (await rpcA.TopicsAsync(ct)).Single(t => t.Name == Board).PeerSubscribers == 1 ? "" : null, "the partner subscribed at A");
        using var rpcPartner = mesh.Nodes[1].Rpc();
        using var rpcKnown = mesh.Nodes[2].Rpc();
        await Poll.UntilAsync(async () => (await rpcKnown.TopicsAsync(ct)).Single(t => t.Name == Board).PeerSubscribers == 1 ? "" : null, "the partner subscribed at the known node");
        var kept = await rpcPartner.PublishAsync(new PublishParams(Board, "minutes of the meeting"), ct);
        var refused = await rpcKnown.PublishAsync(new PublishParams(Board, "an outsider's note"), ct);

        await Poll.UntilAsync(async () =>
        {
            var scrape = Scrape.Parse(await a.ScrapeAsync());
            return scrape["icn_gossip_entries_rejected_total{reason=\"forbidden\"}"] >= 1 ? "" : null;
        }, "A to refuse the known author's entry as forbidden");
        var held = (await rpcA.EntriesAsync(new EntriesParams(Board, 100), ct)).Select(e => e.Id).ToList();
        Assert.Contains(kept.Id, held);
        Assert.DoesNotContain(refused.Id, held);
        Assert.Contains(refused.Id, (await rpcPartner.EntriesAsync(new EntriesParams(Board, 100), ct)).Select(e => e.Id)); // public there
    }

    [Fact]
    public async Task A_trusted_nodes_published_attestation_counts_one_hop_away_and_its_withdrawal_takes_it_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await NodeMesh.StartAsync(Dir, 3, new Dictionary<string, string> { ["ICN_TRUST_PUBLISH_ATTESTATIONS"] = "true" });
        var (a, b, c) = (mesh.Nodes[0], mesh.Dids[1], mesh.Dids[2]);
        // B vouches for C first: A holds B's attestation in gossip, refused as untrusted, until A trusts B.
        await IcnctlAsync(mesh.Nodes[1], "trust", "add", c, "--score", "1");
        await Poll.UntilAsync(async () => Scrape.Parse(await a.ScrapeAsync())["icn_trust_attestations_refused_total{reason=\"untrusted\"}"] == 1 ? "" : null,
            "B's attestation at A, not counted");
        await IcnctlAsync(a, "trust", "add", b, "--score", "0.9");

        using var rpcA = a.Rpc();
        var shown = await Poll.UntilAsync(async () => await rpcA.TrustShowAsync(c, ct) is { Class: "partner" } view ? view : null, "C partner at A through B");
        Assert.Equal(0.45, shown.Score, 4); // 0.5 x 0.9 x 1.0
        Assert.Equal(b, Assert.Single(shown.Paths).Via);
        Assert.Equal(1, Scrape.Parse(await a.ScrapeAsync())["icn_trust_edges{kind=\"attested\"}"]);
        Assert.DoesNotContain(c, (await rpcA.TrustListAsync(ct)).Select(e => e.Target)); // never direct trust

        await IcnctlAsync(mesh.Nodes[1], "trust", "remove", c);
        await Poll.UntilAsync(async () => await rpcA.TrustShowAsync(c, ct) is { Class: "isolated" } ? "" : null, "B's withdrawal to reach A");
    }

    [Fact]
    public async Task A_stranger_creates_two_currencies_and_its_third_is_refused_as_over_its_quota()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = Dir.PasswordFile("quota");
        var did = await InitAsync("a", password);
        await using var node = await RunningNode.StartAsync(Dir.File("a"), ["--password-file", password]);
        await node.Process.WaitForLogAsync("JSON-RPC on");
        await using var stranger = await Stranger.ConnectAsync(node.P2pPort, Core.Identity.Did.Parse(did), ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (symbol, i) in new[] { "AAA", "BBB", "CCC" }.Select((s, i) => (s, i)))
        {
            var record = new Icn.Ledger.Records.CurrencyRecord(symbol, 2, "a stranger's", 100, stranger.Identity.Did, now + i).SignedBy(stranger.Identity);
            var id = Protocol.Messages.Gossip.GossipEntry.ComputeId("ledger:currencies", stranger.Identity.Did, now + i, record.Encode());
            var entry = new Protocol.Messages.Gossip.GossipEntry(id, "ledger:currencies", stranger.Identity.Did, now + i, record.Encode(),
                stranger.Identity.Sign(Protocol.Messages.Gossip.GossipEntry.SigningBytes(id)));
            Assert.True(stranger.Network.Send(Core.Identity.Did.Parse(did), new Protocol.Messages.Gossip.Push(entry)));
        }

        await Poll.UntilAsync(async () => Scrape.Parse(await node.ScrapeAsync())["icn_gossip_entries_rejected_total{reason=\"quota\"}"] == 1 ? "" : null,
            "the third currency refused as over the stranger's quota");
        using var rpc = node.Rpc();
        var symbols = await Poll.UntilAsync(async () => (await rpc.CurrenciesAsync(ct)) is { Length: 2 } list ? list : null, "the two currencies in the ledger");
        Assert.Equal(["AAA", "BBB"], symbols.Select(c => c.Symbol).Order());
    }

    private async Task<string> InitAsync(string name, string password)
    {
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", Dir.File(name), "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        return init.Stdout.Split('\n')[0].Split(' ')[^1];
    }

    private static async Task<string> IcnctlAsync(RunningNode node, params string[] args)
    {
        using var run = await ProgramRun.IcnctlAsync(["--data-dir", node.DataDirectory, "--rpc-addr", node.RpcAddress, .. args]);
        Assert.True(run.ExitCode == 0, run.Output);
        return run.Stdout;
    }
}
