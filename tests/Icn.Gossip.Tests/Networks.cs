using Icn.Core.Hashing;
using Icn.Gossip.Topics;
using Icn.TestKit.Simulation;

namespace Icn.Gossip.Tests;

/// <summary>Simulated networks for the tests: nodes holding one public topic, links of seeded random delay.</summary>
internal static class Networks
{
    public const string Topic = "coop:news";

    public static SimulatedNetwork Network(int nodes, int seed, int maxDelayMs = 25, GossipOptions? options = null)
    {
        var network = new SimulatedNetwork(seed, r => TimeSpan.FromMilliseconds(5 + r.Next(maxDelayMs - 5)));
        for (var i = 0; i < nodes; i++)
        {
            network.AddNode(options).Engine.CreateTopic(new TopicDefinition(Topic));
        }

        return network;
    }

    public static bool AllHold(SimulatedNetwork network, ContentHash id) =>
        network.Nodes.All(n => !n.Running || n.Engine.Holds(Topic, id));

    public static long Sum(SimulatedNetwork network, Func<GossipMetrics, Observability.Instruments.Counter> counter) =>
        network.Nodes.Sum(n => counter(n.Metrics).Value);
}
