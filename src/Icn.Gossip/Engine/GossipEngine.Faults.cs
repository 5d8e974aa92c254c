using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Microsoft.Extensions.Logging;

namespace Icn.Gossip.Engine;

/// <summary>
/// The misbehaviour score: faults each peer committed in its current 10 s window. Past
/// <see cref="GossipOptions.MisbehaviourLimit"/> the link disconnects and bans the peer. Forgotten with the peer.
/// </summary>
public sealed partial class GossipEngine
{
    private static readonly TimeSpan s_faultWindow = TimeSpan.FromSeconds(10);
    private readonly Dictionary<Did, (long Since, int Count)> _faults = [];

    /// <summary>
    /// Peers reported misbehaving, until they connect again (after their ban): what they sent before the link closed
    /// their session may still wait in the inbox, and is dropped unread.
    /// </summary>
    private readonly HashSet<Did> _banned = [];

    private bool IsBanned(Did peer) => _banned.Contains(peer);

    /// <summary>The peer's misbehaviour score: faults in its current 10 s window (0 once the window has passed).</summary>
    public int MisbehaviourScore(Did peer)
    {
        lock (_gate)
        {
            return _faults.TryGetValue(peer, out var fault) && NowMs - fault.Since <= (long)s_faultWindow.TotalMilliseconds ? fault.Count : 0;
        }
    }

    /// <summary>True for refusals no honest node causes: every node checks signatures, ids and validators alike.</summary>
    private static bool IsFault(RejectReason reason) => reason is RejectReason.BadSignature or RejectReason.BadId or RejectReason.Invalid;

    private void Fault(Did peer, RejectReason reason) => Fault(peer, Observability.Catalogue.EnumLabels<RejectReason>.Of(reason));

    private void Fault(Did peer, string what)
    {
        var now = NowMs;
        var (since, count) = _faults.GetValueOrDefault(peer, (now, 0));
        if (now - since > (long)s_faultWindow.TotalMilliseconds)
        {
            (since, count) = (now, 0);
        }

        _faults[peer] = (since, ++count);
        if (count == _options.MisbehaviourLimit + 1)
        {
            var why = $"{count} faults within {s_faultWindow.TotalSeconds:0} s, the last {what}";
            LogMisbehaved(peer, why);
            _banned.Add(peer);
            _link.Misbehaved(peer, why);
        }
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "peer {Peer} sent what no honest node sends ({Why}): disconnected and banned")]
    private partial void LogMisbehaved(Did peer, string why);
}
