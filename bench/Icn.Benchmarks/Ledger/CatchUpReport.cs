using System.Diagnostics;
using Icn.Identity.Keys;
using Icn.Ledger;
using Icn.Ledger.Records;
using Icn.Ledger.Storage;
using Icn.Observability.Registry;

namespace Icn.Benchmarks.Ledger;

/// <summary>
/// <c>dotnet run -c Release -- ledger-catchup</c>: a node that missed 100,000 transfers receives them as
/// anti-entropy delivers them (batches of 1,000, shuffled within the batch) and applies them all.
/// Wall time from the first batch to the last applied, on an empty SQLite file.
/// </summary>
internal static class CatchUpReport
{
    public static void Run(int transfers = 100_000)
    {
        var members = Enumerable.Range(1, 20).Select(i => IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        // Dated in the recent past, as records a node missed while it was down would be.
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (2L * transfers);
        var currency = new CurrencyRecord("HOUR", 2, "hours", long.MaxValue / 4, members[0].Did, start).SignedBy(members[0]);
        var sequences = new ulong[members.Length];
        var random = new Random(100);
        var records = new List<byte[]> { currency.Encode() };
        for (var i = 0; i < transfers; i++)
        {
            var payer = random.Next(members.Length);
            var payee = (payer + 1 + random.Next(members.Length - 1)) % members.Length;
            records.Add(new TransferRecord(members[payer].Did, members[payee].Did, "HOUR", 1 + random.Next(1000), "", ++sequences[payer], start + 1 + i)
                .SignedBy(members[payer]).Encode());
        }

        var folder = Directory.CreateTempSubdirectory("icn-catchup-").FullName;
        try
        {
            using var store = new SqliteLedgerStore(Path.Combine(folder, "ledger.db"));
            var ledger = new MutualCreditLedger(store, new LedgerMetrics(new MetricRegistry()), TimeProvider.System);
            var clock = Stopwatch.StartNew();
            foreach (var chunk in records.Chunk(1000))
            {
                ledger.Receive([.. chunk.OrderBy(_ => random.Next())]);
            }

            clock.Stop();
            var applied = ledger.History(members[0].Did).Count;
            Console.WriteLine($"caught up on {transfers:N0} transfers in {clock.Elapsed.TotalSeconds:F1} s "
                + $"({transfers / clock.Elapsed.TotalSeconds:N0} per second); integrity {ledger.CheckIntegrity().Ok}; {applied:N0} involve the first member");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
