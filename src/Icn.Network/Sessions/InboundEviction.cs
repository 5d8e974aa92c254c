using Icn.Trust;

namespace Icn.Network.Sessions;

/// <summary>
/// Which inbound session gives way to a newcomer when the inbound slots are full, in the manner of bitcoind's
/// inbound eviction, so that a crowd of strangers can take only slots that strangers hold. Trust comes first: a
/// newcomer takes the slot of a peer of a lower class when there is one (the lowest class first, and in it the
/// least useful, else the youngest), and otherwise competes within its own class only: a crowd of Isolated peers
/// never pushes out a Known, Partner or Federated one. Within a class, protected in turn:
/// the <see cref="ProtectUseful"/> peers that most recently delivered entries new to this node, the
/// <see cref="ProtectFastest"/> with the shortest round trip, and the older half of the rest by time connected.
/// Of those left, the youngest session of the address holding the most sessions is evicted. When none is left,
/// the newcomer is refused instead.
/// </summary>
internal static class InboundEviction
{
    public const int ProtectUseful = 8;
    public const int ProtectFastest = 4;

    public static PeerSession? Choose(IEnumerable<PeerSession> inbound, TrustClass newcomer)
    {
        foreach (var group in inbound.Where(s => s.Class <= newcomer).GroupBy(s => s.Class).OrderBy(g => g.Key))
        {
            var sessions = group.ToList();
            return group.Key < newcomer ? Within(sessions) ?? sessions.MaxBy(s => s.OpenedAt) : Within(sessions);
        }

        return null;
    }

    private static PeerSession? Within(IEnumerable<PeerSession> inbound)
    {
        var candidates = inbound.ToList();
        Protect(candidates, candidates.Where(s => s.LastUsefulAt != 0).OrderByDescending(s => s.LastUsefulAt).Take(ProtectUseful));
        Protect(candidates, candidates.Where(s => s.RoundTrip is not null).OrderBy(s => s.RoundTrip).Take(ProtectFastest));
        Protect(candidates, candidates.OrderBy(s => s.OpenedAt).Take(candidates.Count / 2));
        return candidates
            .GroupBy(s => s.RemoteAddress)
            .OrderByDescending(group => group.Count())
            .FirstOrDefault()?
            .MaxBy(s => s.OpenedAt);
    }

    private static void Protect(List<PeerSession> candidates, IEnumerable<PeerSession> protectedOnes)
    {
        foreach (var session in protectedOnes.ToList())
        {
            candidates.Remove(session);
        }
    }
}
