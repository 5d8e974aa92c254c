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

    /// <summary>
    /// The peer sent, past <see cref="GossipOptions.MisbehaviourLimit"/>, what no honest node sends: the link ends its
    /// session and bans it for a while (the peer network's ban time).
    /// </summary>
    void Misbehaved(Did peer, string reason);

    /// <summary>The peer delivered entries new to this node: a link worth keeping when slots are short.</summary>
    void Useful(Did peer);
}
