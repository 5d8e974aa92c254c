using System.Text;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Protocol.Messages.Gossip;

namespace Icn.IntegrationTests.Gossip;

/// <summary>
/// A peer in the test process, with its own identity, connects to a real icnd over TLS and sends it
/// thousands of topic names and bad entries: the node's /metrics keeps the same series, counts the
/// refusals, and stays ready.
/// </summary>
public sealed class HostilePeerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RunningNode _node = null!;
    private Did _nodeDid = null!;

    public async ValueTask InitializeAsync()
    {
        var password = _dir.PasswordFile("hostile");
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", _dir.File("node"), "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        _nodeDid = Did.Parse(init.Stdout.Split('\n')[0].Split(' ')[^1]);
        _node = await RunningNode.StartAsync(_dir.File("node"), ["--password-file", password],
            new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = "coop:news" });
        await _node.Process.WaitForLogAsync("components running");
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Ten_thousand_topic_names_and_bad_entries_from_a_peer_add_no_series_to_metrics()
    {
        var before = Scrape.Parse(await _node.ScrapeAsync());
        await using var stranger = await Stranger.ConnectAsync(_node.P2pPort, _nodeDid, TestContext.Current.CancellationToken);
        var (identity, hostile) = (stranger.Identity, stranger.Network);

        Assert.True(hostile.Send(_nodeDid, new Subscribe(["coop:news"])));
        var names = Enumerable.Range(0, 10_000).Select(i => $"spam:{i}").ToArray();
        foreach (var chunk in names.Chunk(GossipLimits.MaxTopics))
        {
            Assert.True(hostile.Send(_nodeDid, new Subscribe(chunk)));
        }

        foreach (var name in names.Take(500))
        {
            hostile.Send(_nodeDid, new Announce(name, [ContentHash.Hash(Encoding.UTF8.GetBytes(name))]));
        }

        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < 100; i++)
        {
            var topic = $"spam:{i}";
            var payload = BitConverter.GetBytes(i);
            var id = GossipEntry.ComputeId(topic, identity.Did, timestamp, payload);
            hostile.Send(_nodeDid, new Push(new GossipEntry(id, topic, identity.Did, timestamp, payload, identity.Sign(GossipEntry.SigningBytes(id)))));
        }

        var forged = GossipEntry.ComputeId("coop:news", identity.Did, timestamp, [1]);
        hostile.Send(_nodeDid, new Push(new GossipEntry(forged, "coop:news", identity.Did, timestamp, [1], new byte[64])));

        var after = await Poll.UntilAsync(async () =>
        {
            var scrape = Scrape.Parse(await _node.ScrapeAsync());
            return scrape["icn_gossip_entries_rejected_total{reason=\"unknown_topic\"}"] == 100
                && scrape["icn_gossip_entries_rejected_total{reason=\"bad_signature\"}"] == 1 ? scrape : null;
        }, "the node to refuse 100 entries for unknown topics and one forged signature");

        Assert.Equal(before.Samples.Keys.Order(StringComparer.Ordinal), after.Samples.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(after.Samples.Keys, k => k.Contains("spam", StringComparison.Ordinal));
        Assert.Equal(3, after["icn_gossip_topics_total"]); // coop:news, ledger:currencies and trust:attestations
        Assert.Equal(0, after["icn_gossip_entries_total"]);
        Assert.Equal(1, after["icn_gossip_subscriptions{scope=\"peer\"}"]); // admitted to the public topic it asked for, nothing else
        Assert.Equal(200, (int)(await _node.Http.GetAsync("readyz", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Twenty_five_thousand_invalid_payloads_on_a_ledger_topic_are_neither_stored_nor_relayed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stranger = await Stranger.ConnectAsync(_node.P2pPort, _nodeDid, ct);
        var (identity, hostile) = (stranger.Identity, stranger.Network);
        var before = GossipDbBytes();

        // Entries soundly signed by their author whose payloads are not ledger records, 500 to a message.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entries = Enumerable.Range(0, 25_000).Select(i =>
        {
            var payload = Encoding.UTF8.GetBytes($"not a ledger record {i}, padded to look like one: {new string('x', 40)}");
            var id = GossipEntry.ComputeId("ledger:currencies", identity.Did, timestamp + i, payload);
            return new GossipEntry(id, "ledger:currencies", identity.Did, timestamp + i, payload, identity.Sign(GossipEntry.SigningBytes(id)));
        }).ToList();
        // 24,000 in unasked Responses of 500 (refused unread as unsolicited, one fault per message), then 1,000 pushed one
        // by one within the rate limit's burst, which the ledger's validator refuses (one fault each): past 100 faults
        // within 10 s the sender is disconnected and banned, and the rest is never read.
        foreach (var batch in entries[..24_000].Chunk(500))
        {
            Assert.True(hostile.Send(_nodeDid, new Response(batch)));
        }

        foreach (var entry in entries[24_000..])
        {
            hostile.Send(_nodeDid, new Push(entry));
        }

        var scrape = await Poll.UntilAsync(async () =>
        {
            var now = Scrape.Parse(await _node.ScrapeAsync());
            return now["icn_network_peers_disconnected_total{reason=\"misbehaving\"}"] == 1 && now["icn_network_peers_banned"] == 1 ? now : null;
        }, "the node to ban the sender of 25,000 invalid payloads", TimeSpan.FromSeconds(60));
        TestContext.Current.TestOutputHelper?.WriteLine($"{scrape["icn_gossip_entries_rejected_total{reason=\"unsolicited\"}"]} unsolicited, "
            + $"{scrape["icn_gossip_entries_rejected_total{reason=\"invalid\"}"]} invalid before the ban");
        Assert.Equal(24_000, scrape["icn_gossip_entries_rejected_total{reason=\"unsolicited\"}"]);
        Assert.InRange(scrape["icn_gossip_entries_rejected_total{reason=\"invalid\"}"], 101 - 48, 101 - 48 + 10); // the 101st fault bans

        var growth = GossipDbBytes() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"gossip.db grew by {growth} bytes");
        Assert.True(growth < 1024 * 1024, $"gossip.db grew by {growth} bytes");
        Assert.Equal(0, scrape["icn_gossip_entries_total"]);
        Assert.Equal(0, scrape["icn_gossip_pushes_sent_total"]);
    }

    private long GossipDbBytes() =>
        new[] { "gossip.db", "gossip.db-wal" }.Select(f => Path.Combine(_dir.File("node"), f)).Where(File.Exists).Sum(f => new FileInfo(f).Length);
}
