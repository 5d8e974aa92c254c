using BenchmarkDotNet.Attributes;
using Icn.Gossip;
using Icn.Gossip.Entries;
using Icn.Gossip.Reconciliation;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// Anti-entropy between two stores of 100,000 entries that differ by 10 (5 on each side): CPU time of a
/// whole reconciliation, both sides, messages encoded. Messages and bytes are printed once in setup.
/// </summary>
[MemoryDiagnoser]
public class ReconciliationBenchmarks
{
    private static readonly GossipOptions s_options = new();
    private KeyIndex _a = null!;
    private KeyIndex _b = null!;

    [Params(100_000)]
    public int Entries { get; set; }

    [Params(10)]
    public int Differences { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = Stores(Entries, Differences, seed: 1);
        var (messages, bytes, found) = Reconcile(_a, _b);
        Console.WriteLine($"// {Entries} entries, {Differences} differences: {messages} messages ({(messages + 1) / 2} round trips), {bytes} bytes, {found} ids found");
    }

    [Benchmark(Description = "reconcile two stores")]
    public int ReconcileStores() => Reconcile(_a, _b).Found;

    /// <summary>Runs the exchange to its end: A opens, the sides answer in turn until one has nothing to say.</summary>
    internal static (int Messages, long Bytes, int Found) Reconcile(KeyIndex a, KeyIndex b)
    {
        IReadOnlyList<ReconcileRange> ranges = RangeReconciler.Open(a.Sorted(), s_options);
        var (receiver, other) = (b, a);
        var messages = 0;
        long bytes = 0;
        var found = 0;
        while (ranges.Count > 0)
        {
            bytes += new Envelope(new Reconcile("bench", (uint)messages, ranges)).ToBytes().Length;
            messages++;
            var step = RangeReconciler.Process(ranges, receiver.Sorted(), receiver.Contains, s_options);
            found += step.Need.Count;
            ranges = step.Reply;
            (receiver, other) = (other, receiver);
        }

        return (messages, bytes, found);
    }

    private static (KeyIndex A, KeyIndex B) Stores(int size, int differences, int seed)
    {
        var random = new Random(seed);
        var a = new KeyIndex();
        var b = new KeyIndex();
        var differing = Enumerable.Range(0, size).OrderBy(_ => random.Next()).Take(differences).ToHashSet();
        var timestamp = 1_700_000_000_000L;
        var id = new byte[32];
        for (var i = 0; i < size; i++)
        {
            timestamp += random.Next(0, 3000);
            random.NextBytes(id);
            var key = new EntryKey(timestamp, EntryId.FromBytes(id));
            if (!differing.Contains(i) || i % 2 == 0)
            {
                a.Add(key);
            }

            if (!differing.Contains(i) || i % 2 == 1)
            {
                b.Add(key);
            }
        }

        return (a, b);
    }
}
