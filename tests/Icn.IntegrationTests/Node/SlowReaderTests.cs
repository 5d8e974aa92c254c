using Icn.Core.Hashing;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;

namespace Icn.IntegrationTests.Node;

/// <summary>
/// Two peers ask a real icnd for gigabytes of large entries and never read an answer. The node serves each as
/// far as its send queue allows (4 MiB), stays far below 400 MB, and closes both as slow once their queues
/// have stayed full for the write timeout. Before send queues were bounded in bytes, 300 KB of such requests
/// grew a node from 263 MB to 2.5 GB.
/// </summary>
public sealed class SlowReaderTests : InTempDirectory
{
    private const string Topic = "coop:files";
    private const int Entries = 20;
    private const int EntryBytes = 600 * 1024;
    private const int RequestsEach = 430; // about 300 KB of requests, for 20 x 600 KB each: 5 GB asked of the node per peer

    [Fact]
    public async Task Two_peers_that_never_read_cannot_grow_the_node_and_are_closed_as_slow()
    {
        var ct = TestContext.Current.CancellationToken;
        var password = Dir.PasswordFile("slow readers");
        using (var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", Dir.File("a"), "--password-file", password]))
        {
            Assert.True(init.ExitCode == 0, init.Output);
        }

        await using var node = await RunningNode.StartAsync(Dir.File("a"), ["--password-file", password],
            new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = Topic, ["ICN_WRITE_TIMEOUT_SECONDS"] = "5" });
        await node.Process.WaitForLogAsync("JSON-RPC on");
        using var rpc = node.Rpc();
        var did = Core.Identity.Did.Parse((await rpc.IdentityAsync(ct)).Did!);
        var ids = new List<ContentHash>();
        for (var i = 0; i < Entries; i++)
        {
            var entry = await rpc.PublishAsync(new PublishParams(Topic, new string((char)('a' + i), EntryBytes)), ct);
            Assert.True(ContentHash.TryParse(entry.Id, out var id));
            ids.Add(id);
        }

        var baseline = ResidentBytes(node.Process.Id);
        var readers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Stranger.DialAsync(node.P2pPort, did, ct)));
        var peak = baseline;
        try
        {
            var request = Frame(new Request(Topic, ids, Graft: false));
            foreach (var reader in readers)
            {
                for (var i = 0; i < RequestsEach; i++)
                {
                    await reader.Stream.WriteAsync(request, ct); // never reads a byte back
                }
            }

            var scrape = await Poll.UntilAsync(async () =>
            {
                peak = Math.Max(peak, ResidentBytes(node.Process.Id));
                var now = Scrape.Parse(await node.ScrapeAsync());
                return now["icn_network_peers_disconnected_total{reason=\"slow\"}"] >= 2 ? now : null;
            }, "both readers to be closed as slow", TimeSpan.FromSeconds(60));

            TestContext.Current.TestOutputHelper?.WriteLine($"RSS {baseline >> 20} MB before, {peak >> 20} MB at most; "
                + $"{scrape["icn_gossip_requests_unserved_total"]} requests unserved, {scrape["icn_network_messages_dropped_total{reason=\"queue_full\"}"]} responses dropped");
            Assert.True(peak < 400L << 20, $"RSS reached {peak >> 20} MB");
            Assert.True(scrape["icn_gossip_requests_unserved_total"] >= 2 * (RequestsEach - 10), "requests beyond the queue left unread in the store");
            Assert.Equal(4 * 1024 * 1024, scrape["icn_network_limit{limit=\"send_queue_bytes\"}"]);
            Assert.Equal(0, scrape["icn_network_connections_active"]);
            Assert.Equal(0, scrape["icn_network_send_queue_bytes"]); // what was queued for them is freed with their sessions
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }

        // What was queued is freed with the sessions (send_queue_bytes is 0 above); whether the heap is handed back to the
        // system is the GC's choice: an idle node may keep it until its next full collection. It stays under the cap.
        var settled = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var after = await Poll.UntilAsync(() => Task.FromResult(ResidentBytes(node.Process.Id) is var now && (now < baseline + (64L << 20) || DateTime.UtcNow > settled) ? (object?)now : null),
            "the node's memory to settle", TimeSpan.FromSeconds(30));
        TestContext.Current.TestOutputHelper?.WriteLine($"RSS {(long)after >> 20} MB after");
        Assert.True((long)after < 400L << 20, $"RSS {(long)after >> 20} MB after");
        Assert.Equal(0, await node.StopAsync());
    }

    private static byte[] Frame(Message message)
    {
        var payload = new Envelope(message).ToBytes();
        var frame = new byte[Frames.HeaderLength + payload.Length];
        Frames.WriteHeader(frame, payload.Length);
        payload.CopyTo(frame, Frames.HeaderLength);
        return frame;
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
