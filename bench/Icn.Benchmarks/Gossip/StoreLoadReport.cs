using System.Diagnostics;
using Icn.Gossip.Storage;
using Icn.Gossip.Topics;
using Icn.TestKit.Simulation;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// <c>dotnet run -c Release -- gossip-load</c>: how long a node takes to start on a gossip.db of
/// 50,000 entries of 100 bytes, each verified (id hash and Ed25519 signature) before it is indexed.
/// </summary>
internal static class StoreLoadReport
{
    public static void Run(int entries = 50_000)
    {
        var folder = Directory.CreateTempSubdirectory("icn-gossip-load-").FullName;
        try
        {
            using var network = new SimulatedNetwork(86, _ => TimeSpan.FromMilliseconds(5));
            var node = network.AddNode(openStore: () => new SqliteEntryStore(Path.Combine(folder, "gossip.db")));
            node.Engine.CreateTopic(new TopicDefinition("load", maxEntries: entries));
            var payload = new byte[100];
            for (var i = 0; i < entries; i++)
            {
                BitConverter.TryWriteBytes(payload, i);
                node.Engine.Publish("load", payload);
            }

            network.Stop(node);
            var clock = Stopwatch.StartNew();
            network.Start(node);
            clock.Stop();
            Console.WriteLine($"loaded and verified {node.Metrics.EntriesTotal.Value:N0} entries in {clock.Elapsed.TotalSeconds:F2} s "
                + $"({entries / clock.Elapsed.TotalSeconds:N0} per second, {Environment.ProcessorCount} cores); damaged {node.Metrics.DamagedEntries.Value}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
