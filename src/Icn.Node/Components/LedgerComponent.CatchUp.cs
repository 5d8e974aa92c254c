using Icn.Core.Identity;
using Icn.Gossip.Engine;
using Icn.Rpc;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// Catching up after an unclean stop (<see cref="LedgerCatchUp"/>): local writes wait until every ledger
/// topic has been reconciled with a peer, so that this node never issues a sequence number below one the
/// network holds for it. A node with no peer configured has nobody to ask and goes on at once; one whose
/// peers do not answer within <c>ledger.catch_up_seconds</c> goes on with what it holds, and says so.
/// </summary>
internal sealed partial class LedgerComponent
{
    public const string CatchUpArea = "ledger_catch_up";

    /// <summary>How long a local write waits for the catch-up before it is refused.</summary>
    public static readonly TimeSpan WriteWait = TimeSpan.FromSeconds(5);

    /// <summary>Waits (briefly) until the ledger may issue records; else -32000 with reason "catching_up".</summary>
    public async Task WaitCaughtUpAsync()
    {
        try
        {
            await _catchUp.Done.WaitAsync(WriteWait, time);
        }
        catch (TimeoutException)
        {
            throw new RpcException(RpcErrorCodes.Refused,
                "the ledger is catching up with its peers after an unclean stop, so as never to reuse a sequence number; try again in a moment",
                "catching_up");
        }
    }

    private void BeginCatchUp(GossipEngine engine)
    {
        var peers = options.Network.BootstrapPeers.Count > 0 || options.Network.Discovery.Enabled;
        if (_store!.OpenedAfterCleanShutdown || !peers)
        {
            _catchUp = LedgerCatchUp.NotNeeded();
            return;
        }

        _catchUp = LedgerCatchUp.Needed();
        health.SetProblem(CatchUpArea, "catching up with peers after an unclean stop; local ledger writes wait");
        LogCatchingUp(log);
        engine.TopicSynced += OnTopicSynced;
        _ = GiveUpAfterAsync(_catchUp, options.Ledger.CatchUpTimeout);
    }

    private void OnTopicSynced(string topic, Did peer)
    {
        if (topic.StartsWith(TopicPrefix, StringComparison.Ordinal))
        {
            _catchUp.Synced(topic);
            FinishCatchUp();
        }
    }

    private void FinishCatchUp()
    {
        if (_catchUp.TryFinish(_arrivals.Reader.Count))
        {
            health.SetProblem(CatchUpArea, null);
            LogCaughtUp(log);
        }
    }

    private async Task GiveUpAfterAsync(LedgerCatchUp catchUp, TimeSpan timeout)
    {
        if (await Task.WhenAny(catchUp.Done, Task.Delay(timeout, time)) != catchUp.Done && catchUp.GiveUp())
        {
            health.SetProblem(CatchUpArea, null);
            LogGaveUp(log, timeout.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 1509, Level = LogLevel.Warning, Message = "ledger.db was not closed cleanly: local ledger writes wait until every ledger topic is reconciled with a peer")]
    private static partial void LogCatchingUp(ILogger logger);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "ledger caught up with its peers: local writes go ahead")]
    private static partial void LogCaughtUp(ILogger logger);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "no peer reconciled the ledger within {Seconds} s (ledger.catch_up_seconds): local writes go ahead with what this node holds")]
    private static partial void LogGaveUp(ILogger logger, double seconds);
}
