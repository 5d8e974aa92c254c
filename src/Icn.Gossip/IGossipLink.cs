using Icn.Core.Identity;
using Icn.Protocol.Messages;

namespace Icn.Gossip;

/// <summary>
/// How the gossip engine reaches a peer: the real peer network in icnd, an in-memory network in
/// simulations. Sending never blocks; false means the message was not queued (no session, queue full).
/// </summary>
public interface IGossipLink
{
    bool Send(Did peer, Message message);
}
