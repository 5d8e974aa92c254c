using Icn.Core.Hashing;
using Icn.TestKit.Simulation;
using static Icn.Gossip.Tests.Networks;

namespace Icn.Gossip.Tests;

public sealed class DisseminationTests(ITestOutputHelper output)
{
    [Fact]
    public void Entry_published_on_one_of_three_nodes_reaches_the_others()
    {
        using var network = Network(3, seed: 1);
        network.Connect(network.Nodes[0], network.Nodes[1]);
        network.Connect(network.Nodes[1], network.Nodes[2]);
        network.Connect(network.Nodes[0], network.Nodes[2]);
        network.Clock.RunFor(TimeSpan.FromMilliseconds(200));

        var entry = network.Nodes[0].Engine.Publish(Topic, "hello"u8);

        Assert.True(network.Clock.RunUntil(() => AllHold(network, entry.Id), TimeSpan.FromSeconds(1)));
        Assert.All(network.Nodes.Skip(1), n => Assert.Equal(1, n.Metrics.EntriesReceived.Value));
        Assert.Equal(1, network.Nodes[0].Metrics.EntriesPublished.Value);
    }

    [Fact]
    public void Fifty_nodes_with_random_delays_all_receive_every_entry()
    {
        using var network = Network(50, seed: 50, maxDelayMs: 40);
        network.ConnectRandomly(chords: 3);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));

        var random = new Random(7);
        var authors = network.Nodes.Where((_, i) => i % 10 == 0).ToArray();
        var ids = new List<ContentHash>();
        for (var i = 0; i < 40; i++)
        {
            var author = authors[i % authors.Length];
            ids.Add(author.Engine.Publish(Topic, BitConverter.GetBytes(i)).Id);
            network.Clock.RunFor(TimeSpan.FromMilliseconds(50));
        }

        Assert.True(network.Clock.RunUntil(() => ids.All(id => AllHold(network, id)), TimeSpan.FromSeconds(5)));
        var copies = CopiesPerNodePerEntry(network, ids[10..]);
        output.WriteLine($"copies received per node per entry after warm-up: {copies:F3}; first entry: {CopiesPerNodePerEntry(network, ids[..1]):F3}");
        output.WriteLine(string.Join(" ", ids.Select(id => CopiesPerNodePerEntry(network, [id]).ToString("F2"))));
        long Sum(Func<GossipMetrics, Icn.Observability.Instruments.Counter> c) => network.Nodes.Sum(n => c(n.Metrics).Value);
        var delays = ids[10..].Select(id => network.Nodes.Max(n => n.StoredAt[id]) - network.Nodes.Min(n => n.StoredAt[id])).Select(d => d.TotalMilliseconds).Order().ToArray();
        output.WriteLine($"publish-to-all p50 {delays[delays.Length / 2]} ms, max {delays[^1]} ms");
        output.WriteLine($"pushes {Sum(m => m.PushesReceived)} dup {Sum(m => m.DuplicatesReceived)} requests {Sum(m => m.RequestsSent)} responses {Sum(m => m.ResponsesReceived)} prunes {Sum(m => m.PrunesSent)} announces {Sum(m => m.AnnouncesSent)}");
        Assert.True(copies <= 1.5, $"{copies:F3} copies per node per entry");
    }

    [Fact]
    public void Hundred_nodes_with_25_ms_links_deliver_to_all_within_150_ms_at_p99_with_at_most_one_and_a_half_copies()
    {
        var result = PublishToAllScenario.Run(nodes: 100, chords: 3, linkDelay: TimeSpan.FromMilliseconds(25), authors: 10,
            entriesPerAuthor: 20, spacing: TimeSpan.FromMilliseconds(20), seed: 100);

        output.WriteLine(result.ToString());
        Assert.True(result.P99Ms <= 150, $"p99 {result.P99Ms} ms");
        Assert.True(result.CopiesPerNodePerEntry <= 1.5, $"{result.CopiesPerNodePerEntry:F3} copies");
    }

    private static double CopiesPerNodePerEntry(SimulatedNetwork network, IReadOnlyList<ContentHash> ids)
    {
        var total = 0L;
        var receivers = 0;
        foreach (var id in ids)
        {
            foreach (var node in network.Nodes)
            {
                if (node.Copies.TryGetValue(id, out var copies))
                {
                    total += copies;
                    receivers++;
                }
            }
        }

        return (double)total / receivers;
    }
}
