using Icn.Gossip.Engine;
using Icn.Ledger;
using Icn.Protocol.Messages.Gossip;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// How the ledger and its gossip replica are kept whole across crashes and damage: at start the ledger
/// takes back every ledger entry gossip.db holds that the journal lacks (lost with a WAL, set aside as
/// damaged, or stored by gossip just before a crash), and every record of this node's that gossip lacks
/// (committed just before a crash) is published again. Gossip ids of ledger records follow from the
/// record alone, so republishing what is there already is a no-op.
/// </summary>
internal sealed partial class LedgerComponent
{
    private const int BatchSize = 1024;

    private void RecoverFromGossip(MutualCreditLedger ledger, GossipEngine engine)
    {
        foreach (var topic in engine.Topics().Select(t => t.Definition.Name).Where(t => t.StartsWith(TopicPrefix, StringComparison.Ordinal)).ToList())
        {
            foreach (var chunk in engine.Entries(topic, int.MaxValue).Chunk(BatchSize))
            {
                Received(ledger, chunk, ledger.Receive([.. chunk.Select(e => e.Payload)]), fromPeers: false);
            }
        }

        JoinCurrencies(ledger, engine);
    }

    private void Republish(MutualCreditLedger ledger, GossipEngine engine)
    {
        var republished = 0;
        foreach (var record in ledger.Authored(identity.Did!))
        {
            var topic = TopicOf(record);
            var bytes = record.Encode();
            if (!engine.Holds(topic, GossipEntry.ComputeId(topic, identity.Did!, record.TimestampMs, bytes)))
            {
                Publish(engine, record);
                republished++;
            }
        }

        if (republished > 0)
        {
            LogRepublished(log, republished);
        }
    }

    /// <summary>
    /// Counts what a replica gave back: at start, every record gossip.db had and the journal lacked;
    /// from peers, this node's own records it had lost. Clears the damage report once all is back.
    /// </summary>
    private void Received(MutualCreditLedger ledger, IReadOnlyList<GossipEntry> entries, IReadOnlyList<Arrival> arrivals, bool fromPeers)
    {
        var recovered = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            if (arrivals[i] is Arrival.Applied or Arrival.Pending or Arrival.Rejected && (!fromPeers || entries[i].Author == identity.Did))
            {
                recovered++;
            }
        }

        if (recovered > 0)
        {
            ledger.CountRecovered(recovered);
            LogRecovered(log, recovered, fromPeers ? "peers" : GossipComponent.DatabaseFile);
        }

        ReportDamage(ledger);
    }

    private void ReportDamage(MutualCreditLedger ledger)
    {
        var missing = ledger.UnrecoveredDamage();
        if (missing.Count == 0)
        {
            health.SetProblem(Name, null);
            return;
        }

        var problem = $"{DatabaseFile}: {missing.Count} damaged records set aside in quarantine and not yet recovered from replicas "
            + $"(first {missing[0].Id}: {missing[0].Reason}); they return when a peer holds them, or run 'icnctl ledger repair' to go on without them";
        if (health.Report().Problems.GetValueOrDefault(Name) is null)
        {
            LogDamaged(log, problem);
        }

        health.SetProblem(Name, problem);
    }

    [LoggerMessage(EventId = 1504, Level = LogLevel.Critical, Message = "ledger not running: {Problem}")]
    private static partial void LogCannotOpen(ILogger logger, string problem);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Error, Message = "ledger not ready: {Problem}")]
    private static partial void LogDamaged(ILogger logger, string problem);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Warning, Message = "recovered {Count} ledger records the journal lacked, from {Source}")]
    private static partial void LogRecovered(ILogger logger, int count, string source);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Warning, Message = "published {Count} ledger records of this node that had not reached gossip before it stopped")]
    private static partial void LogRepublished(ILogger logger, int count);
}
