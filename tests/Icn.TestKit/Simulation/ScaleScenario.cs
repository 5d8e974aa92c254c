using Icn.Core.Hashing;
using Icn.Gossip;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages;

namespace Icn.TestKit.Simulation;

/// <summary>What one phase of a <see cref="ScaleScenario"/> measured, in simulated time.</summary>
/// <param name="Name">What happened in the phase.</param>
/// <param name="Entries">Entries published in the phase.</param>
/// <param name="P50Ms">Median time from publish until every node up throughout held the entry.</param>
/// <param name="P99Ms">The 99th percentile of the same.</param>
/// <param name="ConvergedMs">From the phase's end (every node up, links healed) until every node held every entry; 0 if at once.</param>
/// <param name="Copies">Full copies (pushes and responses) received per receiving node per entry.</param>
/// <param name="PushBytes">Push bytes sent per node per entry.</param>
/// <param name="AnnounceBytes">Announce bytes sent per node per entry.</param>
/// <param name="ReconcileBytes">Reconcile, request and response bytes sent per node per entry (anti-entropy and grafts).</param>
public sealed record ScalePhase(string Name, int Entries, double P50Ms, double P99Ms, double ConvergedMs, double Copies, double PushBytes,
    double AnnounceBytes, double ReconcileBytes);

/// <summary>The phases of a <see cref="ScaleScenario"/> and the memory one simulated node took.</summary>
public sealed record ScaleResult(int Nodes, int Links, IReadOnlyList<ScalePhase> Phases, long BytesPerNode, double WallSeconds);

/// <summary>
/// A large simulated network (ring plus random links) through three phases: steady publishing after a
/// warm-up; churn, with a tenth of the nodes leaving and coming back while authors publish; and a
/// partition into halves that publish apart and then heals. Each phase reports publish-to-all latency
/// (over the nodes that were up from the publish on), copies per node per entry, bytes per node per
/// entry by kind, and how long the network took to converge once whole again.
/// </summary>
public static class ScaleScenario
{
    public const string Topic = "sim:scale";

    public static ScaleResult Run(int nodes, int chords, TimeSpan linkDelay, int authors, int entriesPerPhase, int seed, GossipOptions? options = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var network = new SimulatedNetwork(seed, _ => linkDelay);
        for (var i = 0; i < nodes; i++)
        {
            network.AddNode(options).Engine.CreateTopic(new TopicDefinition(Topic, maxEntries: 1_000_000));
        }

        network.ConnectRandomly(chords);
        var run = new Phases(network, authors, new Random(seed));
        network.Clock.RunFor(TimeSpan.FromSeconds(2));
        run.Publish(1, TimeSpan.FromMilliseconds(20)); // every author's first entry builds its trees
        network.Clock.RunFor(TimeSpan.FromSeconds(3));
        var bytesPerNode = (GC.GetTotalMemory(forceFullCollection: true) - before) / nodes;

        var phases = new List<ScalePhase> { run.Steady(entriesPerPhase), run.Churn(entriesPerPhase), run.Partition(entriesPerPhase) };
        return new ScaleResult(nodes, network.LinkCount, phases, bytesPerNode, started.Elapsed.TotalSeconds);
    }

    private sealed class Phases(SimulatedNetwork network, int authorCount, Random random)
    {
        private static readonly TimeSpan s_spacing = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan s_convergeLimit = TimeSpan.FromSeconds(60);
        private readonly SimulatedNode[] _authors = [.. Enumerable.Range(0, authorCount).Select(i => network.Nodes[i * network.Nodes.Count / authorCount])];
        private readonly Dictionary<SimulatedNode, List<(DateTimeOffset At, bool Up)>> _changes = [];
        private readonly List<(ContentHash Id, DateTimeOffset At)> _published = [];
        private int _counter;

        public ScalePhase Steady(int entries) => Measure("steady", () => Publish(entries, s_spacing));

        /// <summary>A tenth of the nodes (never an author) leave at once; while authors publish, they come back one by one and others leave.</summary>
        public ScalePhase Churn(int entries) => Measure("churn: 10% leave and join", () =>
        {
            var candidates = network.Nodes.Except(_authors).OrderBy(_ => random.Next()).ToList();
            var down = new Queue<SimulatedNode>(candidates.Take(network.Nodes.Count / 10));
            foreach (var node in down)
            {
                Stop(node);
            }

            var spare = new Queue<SimulatedNode>(candidates.Skip(down.Count));
            for (var i = 0; i < entries; i++)
            {
                Publish(1, s_spacing);
                if (i % 2 == 1)
                {
                    Start(down.Dequeue());
                    var leaving = spare.Dequeue();
                    Stop(leaving);
                    down.Enqueue(leaving);
                }
            }

            while (down.TryDequeue(out var node))
            {
                Start(node);
            }
        });

        /// <summary>The network splits in halves, each publishing apart, then heals.</summary>
        public ScalePhase Partition(int entries) => Measure("partition into halves, then heal", () =>
        {
            var side = network.Nodes.Take(network.Nodes.Count / 2).ToHashSet();
            network.Partition(side); // every node stays up: "all" is reached only after the heal
            Publish(entries, s_spacing);
            network.Clock.RunFor(TimeSpan.FromSeconds(1));
            network.Heal();
        });

        public void Publish(int perAuthor, TimeSpan spacing)
        {
            for (var i = 0; i < perAuthor; i++)
            {
                foreach (var author in _authors)
                {
                    var entry = author.Engine.Publish(Topic, BitConverter.GetBytes(_counter++).Concat(new byte[92]).ToArray());
                    _published.Add((entry.Id, network.Clock.GetUtcNow()));
                    network.Clock.RunFor(spacing / _authors.Length);
                }
            }
        }

        private void Stop(SimulatedNode node)
        {
            network.Stop(node);
            Changed(node, up: false);
        }

        private void Start(SimulatedNode node)
        {
            network.Start(node);
            Changed(node, up: true);
        }

        private void Changed(SimulatedNode node, bool up)
        {
            if (!_changes.TryGetValue(node, out var changes))
            {
                _changes[node] = changes = [];
            }

            changes.Add((network.Clock.GetUtcNow(), up));
        }

        /// <summary>True if the node was up at <paramref name="at"/> and did not stop after it.</summary>
        private bool UpFrom(SimulatedNode node, DateTimeOffset at) =>
            !_changes.TryGetValue(node, out var changes) || (changes.LastOrDefault(c => c.At <= at) is var last && (last.At == default || last.Up)
                && !changes.Any(c => c.At > at && !c.Up));

        private ScalePhase Measure(string name, Action phase)
        {
            var first = _published.Count;
            var bytes = new Dictionary<MessageType, long>(network.BytesSent);
            var copies = network.Nodes.Sum(n => (long)n.Copies.Values.Sum());
            phase();
            var end = network.Clock.GetUtcNow();
            var ids = _published.Skip(first).ToArray();
            var convergedMs = RunUntilConverged(ids, end);
            network.Clock.RunFor(TimeSpan.FromSeconds(2));

            var latencies = ids.Select(Latency).Where(l => l >= 0).Order().ToArray();
            var perNodeEntry = (double)ids.Length * network.Nodes.Count;
            double Sent(params MessageType[] types) => types.Sum(t => network.BytesSent.GetValueOrDefault(t) - bytes.GetValueOrDefault(t)) / perNodeEntry;
            var received = network.Nodes.Sum(n => (long)n.Copies.Values.Sum()) - copies;
            return new ScalePhase(name, ids.Length, Percentile(latencies, 0.50), Percentile(latencies, 0.99), convergedMs,
                received / (ids.Length * (network.Nodes.Count - 1.0)), Sent(MessageType.Push), Sent(MessageType.Announce),
                Sent(MessageType.Reconcile, MessageType.Request, MessageType.Response));
        }

        /// <summary>
        /// Runs in 5 ms steps (checking after every event would cost more than the simulation) until every node holds
        /// every id; the time that took from <paramref name="end"/>, or infinity past the limit.
        /// </summary>
        private double RunUntilConverged((ContentHash Id, DateTimeOffset At)[] ids, DateTimeOffset end)
        {
            while (!ids.All(e => network.Nodes.All(n => n.StoredAt.ContainsKey(e.Id))))
            {
                if (network.Clock.GetUtcNow() - end > s_convergeLimit)
                {
                    return double.PositiveInfinity;
                }

                network.Clock.RunFor(TimeSpan.FromMilliseconds(5));
            }

            return (network.Clock.GetUtcNow() - end).TotalMilliseconds;
        }

        /// <summary>Publish to the last node that was up from the publish on; -1 for an entry no such node lacked (or none received).</summary>
        private double Latency((ContentHash Id, DateTimeOffset At) entry)
        {
            var steady = network.Nodes.Where(n => UpFrom(n, entry.At)).ToArray();
            return steady.Length == 0 ? -1
                : steady.Max(n => n.StoredAt.TryGetValue(entry.Id, out var at) ? at : DateTimeOffset.MaxValue).Subtract(entry.At).TotalMilliseconds;
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
