using Icn.Core.Identity;
using Icn.Network.Transport;

namespace Icn.Network.Sessions;

/// <summary>What this node measures of one open session: a snapshot, kept by the node rather than in metric labels.</summary>
/// <param name="Peer">The verified peer.</param>
/// <param name="Direction">Which side dialled.</param>
/// <param name="RoundTrip">The last keep-alive round trip; null until the first Pong.</param>
/// <param name="ClockOffset">How far the peer's clock is ahead of this node's (negative: behind), accurate to half the round trip.</param>
public sealed record PeerLink(Did Peer, Direction Direction, TimeSpan? RoundTrip, TimeSpan ClockOffset);
