using Icn.Core.Identity;
using Icn.Protocol.Messages.Gossip;

namespace Icn.IntegrationTests.Gossip;

/// <summary>
/// One author floods a 10,000-entry topic on two real nodes with 12,000 entries dated minutes ahead, while an
/// honest author publishes. Eviction takes from the author with the most entries, so every honest entry
/// acknowledged before and during the flood is still held on both nodes. Before, the topic kept its newest
/// 10,000 whoever wrote them, and the flood evicted every honest entry.
/// </summary>
public sealed class AuthorFloodTests : InTempDirectory
{
    private const string Topic = "coop:news";
    private const int Flood = 12_000;

    [Fact]
    public async Task A_flooding_author_evicts_its_own_entries_and_every_acknowledged_honest_entry_stays_on_every_node()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await NodeMesh.StartAsync(Dir, 2, new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = Topic });
        using var target = mesh.Nodes[0].Rpc();
        using var honest = mesh.Nodes[1].Rpc();
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            acknowledged.Add((await honest.PublishAsync(new PublishParams(Topic, $"before the flood {i}"), ct)).Id);
        }

        await using var stranger = await Stranger.ConnectAsync(mesh.Nodes[0].P2pPort, Did.Parse(mesh.Dids[0]), ct);
        var (identity, flooder) = (stranger.Identity, stranger.Network);

        // Partners all (trust changes reach the open sessions at once): a stranger would be held to the Isolated budget
        // and quota before eviction ever came into it; this test is about eviction.
        for (var i = 0; i < mesh.Nodes.Count; i++)
        {
            using var rpc = mesh.Nodes[i].Rpc();
            await rpc.TrustAddAsync(new TrustAddParams(identity.Did.ToString(), 0.5), ct);
            await rpc.TrustAddAsync(new TrustAddParams(mesh.Dids[1 - i], 0.5), ct);
        }

        // Dated three minutes ahead (within the five the nodes allow), so that by age alone they would outrank every honest entry.
        var ahead = DateTimeOffset.UtcNow.AddMinutes(3).ToUnixTimeMilliseconds();
        var batches = Enumerable.Range(0, Flood).Select(i =>
        {
            var payload = BitConverter.GetBytes(i);
            var id = GossipEntry.ComputeId(Topic, identity.Did, ahead + i, payload);
            return new GossipEntry(id, Topic, identity.Did, ahead + i, payload, identity.Sign(GossipEntry.SigningBytes(id)));
        }).Chunk(100).ToList();
        // Pushed at 800 a second, within a Partner's budget (1,000), so that the nodes take every one: 15 s of flood.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(125));
        for (var i = 0; i < batches.Count; i++)
        {
            foreach (var entry in batches[i])
            {
                Assert.True(flooder.Send(Did.Parse(mesh.Dids[0]), new Push(entry)));
            }

            if (i % 6 == 0)
            {
                acknowledged.Add((await honest.PublishAsync(new PublishParams(Topic, $"during the flood {i}"), ct)).Id);
            }

            await pace.WaitForNextTickAsync(ct);
        }

        foreach (var node in mesh.Nodes)
        {
            using var rpc = node.Rpc();
            var flooded = await Poll.UntilAsync(async () =>
            {
                var topic = (await rpc.TopicsAsync(ct)).Single(t => t.Name == Topic);
                var own = await rpc.EntriesAsync(new EntriesParams(Topic, 1000, identity.Did.ToString()), ct);
                return topic.Entries >= 10_000 && own.Length == 1000 ? topic : null;
            }, "the flood to fill the topic", TimeSpan.FromSeconds(90));
            var held = (await rpc.EntriesAsync(new EntriesParams(Topic, 1000, mesh.Dids[1]), ct)).Select(e => e.Id).ToHashSet();
            TestContext.Current.TestOutputHelper?.WriteLine($"{flooded.Entries} entries held, {held.Count} of {acknowledged.Count} honest ones");
            Assert.All(acknowledged, id => Assert.Contains(id, held));
            Assert.InRange(flooded.Entries, 10_000, 10_100);
        }
    }
}
