using Icn.Core.Hashing;
using Icn.Gossip;
using Icn.Gossip.Entries;
using Icn.Gossip.Reconciliation;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;

namespace Icn.TestKit.Simulation;

/// <summary>What a whole reconciliation between two key sets exchanged, and what each side found it lacked.</summary>
internal sealed record ReconciliationOutcome(int Messages, long Bytes, int LargestMessage, List<ContentHash> NeededByA, List<ContentHash> NeededByB);

/// <summary>Two key sets that differ in known ways, and a reconciliation run between them as two engines would run it.</summary>
internal static class ReconciliationExchange
{
    private static readonly Icn.Core.Identity.Did s_author = Icn.Core.Identity.Did.FromPublicKey(new byte[32]);

    /// <summary>
    /// <paramref name="size"/> keys a few seconds apart with random ids, of which <paramref name="differences"/>
    /// are held by one side only (alternately A and B).
    /// </summary>
    public static (KeyIndex A, KeyIndex B, List<ContentHash> OnlyA, List<ContentHash> OnlyB) Stores(int size, int differences, int seed)
    {
        var random = new Random(seed);
        var a = new KeyIndex();
        var b = new KeyIndex();
        var onlyA = new List<ContentHash>();
        var onlyB = new List<ContentHash>();
        var differing = Enumerable.Range(0, size).OrderBy(_ => random.Next()).Take(differences).ToHashSet();
        var timestamp = 1_700_000_000_000L;
        var id = new byte[32];
        for (var i = 0; i < size; i++)
        {
            timestamp += random.Next(0, 3000);
            random.NextBytes(id);
            var key = new EntryKey(timestamp, ContentHash.FromBytes(id));
            if (!differing.Contains(i))
            {
                a.Add(key, s_author);
                b.Add(key, s_author);
            }
            else if (i % 2 == 0)
            {
                a.Add(key, s_author);
                onlyA.Add(key.Id);
            }
            else
            {
                b.Add(key, s_author);
                onlyB.Add(key.Id);
            }
        }

        return (a, b, onlyA, onlyB);
    }

    /// <summary>A opens; the sides answer in turn until one has nothing to say. Every message is encoded to count its bytes.</summary>
    public static ReconciliationOutcome Run(KeyIndex a, KeyIndex b, GossipOptions options, int maxMessages = 1000)
    {
        var neededByA = new List<ContentHash>();
        var neededByB = new List<ContentHash>();
        IReadOnlyList<ReconcileRange> ranges = RangeReconciler.Open(a.Sorted(), options);
        var messages = 0;
        long bytes = 0;
        var largest = 0;
        var (receiver, other, needs, otherNeeds) = (b, a, neededByB, neededByA);
        while (ranges.Count > 0)
        {
            if (messages == maxMessages)
            {
                throw new InvalidOperationException($"reconciliation did not end within {maxMessages} messages");
            }

            var size = new Envelope(new Reconcile("t", (uint)messages, ranges)).ToBytes().Length;
            messages++;
            bytes += size;
            largest = Math.Max(largest, size);
            var step = RangeReconciler.Process(ranges, receiver.Sorted(), receiver.Contains, options);
            needs.AddRange(step.Need);
            ranges = step.Reply;
            (receiver, other, needs, otherNeeds) = (other, receiver, otherNeeds, needs);
        }

        return new ReconciliationOutcome(messages, bytes, largest, neededByA, neededByB);
    }
}
