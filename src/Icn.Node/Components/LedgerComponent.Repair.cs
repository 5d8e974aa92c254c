using System.Globalization;
using Icn.Rpc;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// <c>icnctl ledger repair</c>, the operator's decision where the node cannot decide alone. A ledger.db
/// that cannot be opened is set aside (renamed, never deleted) and the ledger rebuilt from gossip.db and
/// peers; damaged records no replica gave back are given up (they stay in quarantine, and are taken if a
/// peer still sends them).
/// </summary>
internal sealed partial class LedgerComponent
{
    public RepairView Repair()
    {
        lock (_repairing)
        {
            if (Ledger is { } ledger)
            {
                var missing = ledger.UnrecoveredDamage().Count;
                if (missing == 0)
                {
                    return new RepairView("ok", $"nothing to repair: {DatabaseFile} is sound");
                }

                ledger.GiveUpDamage();
                ReportDamage(ledger);
                LogGaveUpDamage(log, missing);
                return new RepairView("accepted", $"went on without {missing} damaged records (kept in quarantine); a peer that still holds them sends them back");
            }

            if (_engine is not { } engine)
            {
                throw new RpcException(RpcErrorCodes.Unavailable, "the ledger is not running (no identity, or gossip is not running)");
            }

            var aside = SetAside();
            if (!Start(engine))
            {
                throw new RpcException(RpcErrorCodes.Refused, $"set {DatabaseFile} aside as {aside}, but a new one cannot be opened either: "
                    + health.Report().Problems.GetValueOrDefault(Name, "see the node's log"));
            }

            LogRebuilt(log, aside);
            return new RepairView("rebuilt", $"set the damaged file aside as {aside}; the ledger is rebuilt from {GossipComponent.DatabaseFile} and catches up with peers");
        }
    }

    /// <summary>Renames ledger.db (and its -wal, -shm) out of the way; returns the new name of the main file.</summary>
    private string SetAside()
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{DatabaseFile}.damaged-{stamp}";
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var from = Path.Combine(options.DataDirectory, DatabaseFile + suffix);
            if (File.Exists(from))
            {
                File.Move(from, Path.Combine(options.DataDirectory, aside + suffix));
            }
        }

        return aside;
    }

    [LoggerMessage(EventId = 1512, Level = LogLevel.Warning, Message = "ledger repair: set the damaged ledger.db aside as {Aside} and rebuilt the ledger")]
    private static partial void LogRebuilt(ILogger logger, string aside);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "ledger repair: went on without {Count} damaged records no replica gave back")]
    private static partial void LogGaveUpDamage(ILogger logger, int count);
}
