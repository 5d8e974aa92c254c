using Icn.Gossip.Engine;
using Icn.Gossip.Entries;
using Icn.Ledger;
using Icn.Protocol.Messages.Gossip;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// The hand-off from gossip to the ledger holds at most <c>ledger.handoff_entries</c> in memory. An entry that finds
/// it full is already durable in gossip.db, so only the oldest timestamp among such entries is remembered; once the
/// ledger has taken what was queued, it reads each ledger topic back from there, in pages, and the ledger ignores
/// what it holds already.
/// </summary>
internal sealed partial class LedgerComponent
{
    private void Defer(GossipEntry entry)
    {
        _deferred.Increment();
        long seen;
        while (entry.TimestampMs < (seen = Interlocked.Read(ref _deferredFrom))
            && Interlocked.CompareExchange(ref _deferredFrom, entry.TimestampMs, seen) != seen)
        {
        }

        if (seen == long.MaxValue)
        {
            LogHandoffFull(log, options.Ledger.HandoffEntries);
        }
    }

    private async Task ReadBackAsync(MutualCreditLedger ledger, GossipEngine engine, CancellationToken cancellationToken)
    {
        var from = Interlocked.Exchange(ref _deferredFrom, long.MaxValue);
        if (from == long.MaxValue)
        {
            return;
        }

        foreach (var topic in engine.Topics().Select(t => t.Definition.Name).Where(t => t.StartsWith(TopicPrefix, StringComparison.Ordinal)).ToList())
        {
            EntryKey? after = null;
            while (engine.EntriesFrom(topic, from, after, BatchSize) is { Count: > 0 } page)
            {
                var batch = page.Select(e => (e, default(System.Diagnostics.ActivityContext))).ToList();
                while (!Deliver(ledger, engine, batch))
                {
                    await Task.Delay(options.Storage.CheckInterval, time, cancellationToken);
                }

                after = EntryKey.Of(page[^1]);
            }
        }
    }

    [LoggerMessage(EventId = 1514, Level = LogLevel.Information,
        Message = "the hand-off from gossip to the ledger is full ({Entries} entries): the ledger reads the rest back from gossip.db")]
    private static partial void LogHandoffFull(ILogger logger, int entries);
}
