using Icn.Core.Identity;
using Icn.Protocol.Messages;

namespace Icn.Network;

/// <summary>
/// What rides on the peer network (gossip, in icnd): it hears of each peer's session opening before the
/// peer's first message is read, and of its closing; and it is handed every message other than
/// keep-alives, on that session's read loop, so the peer's next message waits for the returned task.
/// </summary>
public interface IPeerHandler
{
    void PeerConnected(Did peer);

    void PeerDisconnected(Did peer);

    ValueTask ReceiveAsync(Did peer, Envelope envelope);
}
