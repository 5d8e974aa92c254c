using Icn.Core.Hashing;
using Icn.Gossip.Topics;

namespace Icn.TestKit.Simulation;

/// <summary>What a <see cref="PublishToAllScenario"/> measured, in simulated time.</summary>
public sealed record PublishToAllResult(int Nodes, int Entries, double P50Ms, double P99Ms, double MaxMs, double CopiesPerNodePerEntry, double FirstEntryCopies);

/// <summary>
/// A simulated network publishing entries from a few authors, one every <c>spacing</c>: how long until
/// every node holds each entry, and how many copies each node received. The first entry of each author
/// builds its broadcast tree and is reported apart.
/// </summary>
public static class PublishToAllScenario
{
    public const string Topic = "sim:topic";

    public static PublishToAllResult Run(int nodes, int chords, TimeSpan linkDelay, int authors, int entriesPerAuthor, TimeSpan spacing, int seed,
        Gossip.GossipOptions? options = null)
    {
        using var network = new SimulatedNetwork(seed, _ => linkDelay);
        for (var i = 0; i < nodes; i++)
        {
            network.AddNode(options).Engine.CreateTopic(new TopicDefinition(Topic, maxEntries: 1_000_000));
        }

        network.ConnectRandomly(chords);
        network.Clock.RunFor(TimeSpan.FromSeconds(1));
        var writers = Enumerable.Range(0, authors).Select(i => network.Nodes[i * nodes / authors]).ToArray();
        var warmUp = writers.Select(w => Publish(w, "warm-up")).ToList();
        network.Clock.RunFor(TimeSpan.FromSeconds(2));
        var firstCopies = Copies(network, warmUp);

        var measured = new List<(ContentHash Id, DateTimeOffset At)>();
        for (var i = 0; i < entriesPerAuthor; i++)
        {
            foreach (var writer in writers)
            {
                measured.Add((Publish(writer, $"entry {i}"), network.Clock.GetUtcNow()));
                network.Clock.RunFor(spacing);
            }
        }

        network.Clock.RunFor(TimeSpan.FromSeconds(5));
        var latencies = measured.Select(m => network.Nodes.Max(n => n.StoredAt.TryGetValue(m.Id, out var at) ? at : DateTimeOffset.MaxValue) - m.At)
            .Select(d => d.TotalMilliseconds).Order().ToArray();
        return new PublishToAllResult(nodes, measured.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1],
            Copies(network, [.. measured.Select(m => m.Id)]), firstCopies);
    }

    private static ContentHash Publish(SimulatedNode writer, string text) =>
        writer.Engine.Publish(Topic, System.Text.Encoding.UTF8.GetBytes(text)).Id;

    /// <summary>Copies received per receiving node per entry (authors receive none of their own).</summary>
    private static double Copies(SimulatedNetwork network, IReadOnlyCollection<ContentHash> ids) =>
        (double)ids.Sum(id => network.Nodes.Sum(n => n.Copies.GetValueOrDefault(id))) / (ids.Count * (network.Nodes.Count - 1));

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
