using Icn.Gossip.Entries;
using Icn.Gossip.Reconciliation;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Gossip.Tests;

public sealed class ReconciliationTests(ITestOutputHelper output)
{
    private static readonly GossipOptions s_options = new();

    [Theory]
    [InlineData(1_000, 1)]
    [InlineData(100_000, 10)]
    [InlineData(100_000, 0)]
    [InlineData(20, 20)]
    public void Two_stores_differing_by_a_few_entries_find_exactly_the_difference(int size, int differences)
    {
        var (a, b, onlyA, onlyB) = Stores(size, differences, seed: size + differences);

        var result = Reconcile(a, b);

        Assert.Equal(onlyB.Order(), result.NeededByA.Order());
        Assert.Equal(onlyA.Order(), result.NeededByB.Order());
        output.WriteLine($"{size} entries, {differences} differences: {result.Messages} messages, {result.Bytes} bytes");
    }

    [Fact]
    public void Hundred_thousand_entries_differing_by_ten_reconcile_in_few_round_trips_and_under_16_KB()
    {
        var (a, b, _, _) = Stores(100_000, 10, seed: 5);

        var result = Reconcile(a, b);

        output.WriteLine($"{result.Messages} messages ({(result.Messages + 1) / 2} round trips), {result.Bytes} bytes");
        Assert.True(result.Bytes < 16 * 1024, $"{result.Bytes} bytes");
        Assert.True(result.Messages <= 2 * (int)Math.Ceiling(Math.Log(100_000, s_options.ReconcileBranching)) + 2, $"{result.Messages} messages");
    }

    [Fact]
    public void An_empty_store_learns_every_id_of_a_full_one_within_the_message_budget()
    {
        var (full, _, _, _) = Stores(5_000, 0, seed: 9);
        var empty = new KeyIndex();

        var result = Reconcile(empty, full);

        Assert.Equal(5_000, result.NeededByA.Distinct().Count());
        Assert.True(result.LargestMessage < 2 * s_options.ReconcileMessageBytes, $"largest message {result.LargestMessage} bytes");
        output.WriteLine($"{result.Messages} messages, {result.Bytes} bytes, largest {result.LargestMessage}");
    }

    private sealed record Outcome(int Messages, long Bytes, int LargestMessage, List<EntryId> NeededByA, List<EntryId> NeededByB);

    /// <summary>Runs the exchange to the end as two engines would: A opens, each answers until a side has nothing to say.</summary>
    private static Outcome Reconcile(KeyIndex a, KeyIndex b)
    {
        var neededByA = new List<EntryId>();
        var neededByB = new List<EntryId>();
        IReadOnlyList<ReconcileRange> ranges = RangeReconciler.Open(a.Sorted(), s_options);
        var messages = 0;
        long bytes = 0;
        var largest = 0;
        var (receiver, other, needs, otherNeeds) = (b, a, neededByB, neededByA);
        while (ranges.Count > 0)
        {
            var size = new Envelope(new Reconcile("t", (uint)messages, ranges)).ToBytes().Length;
            messages++;
            bytes += size;
            largest = Math.Max(largest, size);
            Assert.True(messages < 100, "reconciliation does not terminate");
            var step = RangeReconciler.Process(ranges, receiver.Sorted(), receiver.Contains, s_options);
            needs.AddRange(step.Need);
            ranges = step.Reply;
            (receiver, other, needs, otherNeeds) = (other, receiver, otherNeeds, needs);
        }

        return new Outcome(messages, bytes, largest, neededByA, neededByB);
    }

    private static (KeyIndex A, KeyIndex B, List<EntryId> OnlyA, List<EntryId> OnlyB) Stores(int size, int differences, int seed)
    {
        var random = new Random(seed);
        var a = new KeyIndex();
        var b = new KeyIndex();
        var onlyA = new List<EntryId>();
        var onlyB = new List<EntryId>();
        var differing = Enumerable.Range(0, size).OrderBy(_ => random.Next()).Take(differences).ToHashSet();
        var timestamp = 1_700_000_000_000L;
        var id = new byte[32];
        for (var i = 0; i < size; i++)
        {
            timestamp += random.Next(0, 3000);
            random.NextBytes(id);
            var key = new EntryKey(timestamp, EntryId.FromBytes(id));
            if (!differing.Contains(i))
            {
                a.Add(key);
                b.Add(key);
            }
            else if (i % 2 == 0)
            {
                a.Add(key);
                onlyA.Add(key.Id);
            }
            else
            {
                b.Add(key);
                onlyB.Add(key.Id);
            }
        }

        return (a, b, onlyA, onlyB);
    }
}
